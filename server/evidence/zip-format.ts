import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib'

/**
 * A streaming zip writer (PKWARE APPNOTE 6.3: local headers with data descriptors, ZIP64 where a
 * size or offset needs it), with the CRC-32 from zlib and deflate spread over libuv's thread pool.
 *
 * A deflated entry is cut into pieces of DEFLATE_PIECE_BYTES at fixed offsets; each piece is
 * deflated on its own and ends on a sync flush (no final block), so the pieces joined in order,
 * plus one empty final block, are one valid deflate stream (as pigz writes them). Several pieces
 * are deflated at once, so a large CSV uses every core, and the bytes do not depend on timing.
 */
export type ZipEntry = {
  /** The entry's name in the zip (posix path, UTF-8). */
  readonly name: string
  /** Whether to keep the bytes as they are (method 0) rather than deflate them (method 8). */
  readonly store: boolean
  /** Opened when the entry's turn comes, at byte `start` (0 unless deflated ahead in part); read to its end. */
  readonly open: (start: number) => Promise<Readable>
  /**
   * The entry's deflated data written ahead (`deflateAhead`, the same pieces this writer makes):
   * copied as it is instead of reading and deflating `open()` again.
   */
  readonly deflated?: DeflatedAhead
}

/**
 * An entry's data deflated ahead: its first pieces (`size` bytes of the file, a whole number of
 * pieces) or all of them and the final block (`complete`), with the CRC-32 of those bytes.
 */
export type DeflatedAhead = {
  readonly complete: boolean
  readonly crc: number
  readonly size: number
  readonly compressedSize: number
  readonly open: () => Promise<Readable>
}

export type ZipOptions = {
  /** Every entry's DOS date and time, as written in the headers. */
  readonly dosDate: number
  readonly dosTime: number
  /** Unix mode of every entry (e.g. 0o100644). */
  readonly mode: number
  /** The zip comment (printable ASCII). */
  readonly comment: string
  /** Deflate level of the deflated entries. */
  readonly level: number
}

export const DEFLATE_PIECE_BYTES = 1 << 20
/** Pieces being deflated at once: libuv's default pool has 4 threads. */
const PIECES_IN_FLIGHT = 4
const FILE_NAME_IS_UTF8 = 1 << 11
const HAS_DATA_DESCRIPTOR = 1 << 3
const VERSION_NEEDED_UTF8 = 20
const VERSION_NEEDED_ZIP64 = 45
/** Made by: 3 = Unix, 63 = APPNOTE 6.3. */
const VERSION_MADE_BY = (3 << 8) | 63
const ZIP64_LIMIT = 0xfffffffe
/** The empty final block of a deflate stream (BFINAL = 1, fixed Huffman, end of block). */
const FINAL_BLOCK = deflateRawSync(Buffer.alloc(0))

const deflatePiece = promisify(
  (piece: Buffer, options: { level: number; finishFlush: number }, done: (error: Error | null, out: Buffer) => void) =>
    deflateRaw(piece, options, done),
)

type Written = {
  readonly name: Buffer
  readonly method: number
  readonly crc: number
  readonly compressedSize: number
  readonly size: number
  readonly offset: number
}

/** The zip of `entries`, in their order, as a stream; destroying it closes the entry being read. */
export function zipStream(entries: Iterable<ZipEntry>, options: ZipOptions): Readable {
  return Readable.from(zipChunks(entries, options), { objectMode: false, highWaterMark: DEFLATE_PIECE_BYTES })
}

async function* zipChunks(entries: Iterable<ZipEntry>, options: ZipOptions): AsyncGenerator<Buffer> {
  const written: Written[] = []
  let cursor = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const method = entry.store ? 0 : 8
    const offset = cursor
    const header = localHeader(name, method, options)
    cursor += header.length
    yield header
    const state = { crc: 0, size: 0, compressedSize: 0 }
    for await (const chunk of entryData(entry, state, options.level)) {
      state.compressedSize += chunk.length
      yield chunk
    }
    cursor += state.compressedSize
    const record: Written = { name, method, offset, ...state }
    const descriptor = dataDescriptor(record)
    cursor += descriptor.length
    yield descriptor
    written.push(record)
  }
  const directoryStart = cursor
  for (const record of written) {
    const central = centralRecord(record, options)
    cursor += central.length
    yield central
  }
  yield endRecords(written.length, directoryStart, cursor - directoryStart, options.comment)
}

type DataState = { crc: number; size: number }

/**
 * The entry's data as written in the zip: stored, or deflated in pieces. The pieces deflated ahead
 * are copied; when they cover only the start of the file, the rest is read from where they end
 * (a piece boundary), so the pieces are the same as in one pass.
 */
async function* entryData(entry: ZipEntry, state: DataState, level: number): AsyncGenerator<Buffer> {
  const ahead = entry.store ? undefined : entry.deflated
  if (ahead) {
    const head = await ahead.open()
    let copied = 0
    try {
      for await (const chunk of head as AsyncIterable<Buffer>) {
        copied += chunk.length
        yield chunk
      }
    } finally {
      head.destroy()
    }
    if (copied !== ahead.compressedSize) throw new Error(`${entry.name}: the data deflated ahead is incomplete`)
    state.crc = ahead.crc
    state.size = ahead.size
    if (ahead.complete) return
  }
  const input = await entry.open(state.size)
  try {
    yield* entry.store ? storedData(input, state) : deflatedData(input, state, level)
  } finally {
    input.destroy()
  }
}

async function* storedData(input: Readable, state: DataState): AsyncGenerator<Buffer> {
  for await (const chunk of input as AsyncIterable<Buffer>) {
    state.crc = crc32(chunk, state.crc)
    state.size += chunk.length
    yield chunk
  }
}

async function* deflatedData(input: Readable, state: DataState, level: number): AsyncGenerator<Buffer> {
  const options = { level, finishFlush: constants.Z_SYNC_FLUSH }
  const pending: Promise<Buffer>[] = []
  for await (const piece of fixedPieces(input as AsyncIterable<Buffer>)) {
    state.crc = crc32(piece, state.crc)
    state.size += piece.length
    pending.push(deflatePiece(piece, options))
    if (pending.length >= PIECES_IN_FLIGHT) yield await (pending.shift() as Promise<Buffer>)
  }
  while (pending.length > 0) yield await (pending.shift() as Promise<Buffer>)
  yield FINAL_BLOCK
}

/** The input cut at every DEFLATE_PIECE_BYTES, whatever the sizes of the chunks it arrives in. */
async function* fixedPieces(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let parts: Buffer[] = []
  let held = 0
  for await (let chunk of input) {
    while (held + chunk.length >= DEFLATE_PIECE_BYTES) {
      const take = DEFLATE_PIECE_BYTES - held
      parts.push(chunk.subarray(0, take))
      yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, DEFLATE_PIECE_BYTES)
      chunk = chunk.subarray(take)
      parts = []
      held = 0
    }
    if (chunk.length > 0) {
      // The reader may reuse its buffer: a part kept across chunks is copied.
      parts.push(Buffer.from(chunk))
      held += chunk.length
    }
  }
  if (held > 0) yield Buffer.concat(parts, held)
}

function localHeader(name: Buffer, method: number, options: ZipOptions): Buffer {
  const fixed = Buffer.alloc(30)
  fixed.writeUInt32LE(0x04034b50, 0)
  fixed.writeUInt16LE(VERSION_NEEDED_UTF8, 4)
  fixed.writeUInt16LE(FILE_NAME_IS_UTF8 | HAS_DATA_DESCRIPTOR, 6)
  fixed.writeUInt16LE(method, 8)
  fixed.writeUInt16LE(options.dosTime, 10)
  fixed.writeUInt16LE(options.dosDate, 12)
  // CRC-32 and sizes follow the data, in the data descriptor; the name length, no extra field.
  fixed.writeUInt16LE(name.length, 26)
  return Buffer.concat([fixed, name])
}

function needsZip64(record: Written): boolean {
  return record.size > ZIP64_LIMIT || record.compressedSize > ZIP64_LIMIT || record.offset > ZIP64_LIMIT
}

function dataDescriptor(record: Written): Buffer {
  const zip64 = needsZip64(record)
  const buffer = Buffer.alloc(zip64 ? 24 : 16)
  buffer.writeUInt32LE(0x08074b50, 0)
  buffer.writeUInt32LE(record.crc, 4)
  if (zip64) {
    buffer.writeBigUInt64LE(BigInt(record.compressedSize), 8)
    buffer.writeBigUInt64LE(BigInt(record.size), 16)
  } else {
    buffer.writeUInt32LE(record.compressedSize, 8)
    buffer.writeUInt32LE(record.size, 12)
  }
  return buffer
}

function centralRecord(record: Written, options: ZipOptions): Buffer {
  const zip64 = needsZip64(record)
  const fixed = Buffer.alloc(46)
  let extra = Buffer.alloc(0)
  if (zip64) {
    extra = Buffer.alloc(28)
    extra.writeUInt16LE(0x0001, 0)
    extra.writeUInt16LE(24, 2)
    extra.writeBigUInt64LE(BigInt(record.size), 4)
    extra.writeBigUInt64LE(BigInt(record.compressedSize), 12)
    extra.writeBigUInt64LE(BigInt(record.offset), 20)
  }
  fixed.writeUInt32LE(0x02014b50, 0)
  fixed.writeUInt16LE(VERSION_MADE_BY, 4)
  fixed.writeUInt16LE(zip64 ? VERSION_NEEDED_ZIP64 : VERSION_NEEDED_UTF8, 6)
  fixed.writeUInt16LE(FILE_NAME_IS_UTF8 | HAS_DATA_DESCRIPTOR, 8)
  fixed.writeUInt16LE(record.method, 10)
  fixed.writeUInt16LE(options.dosTime, 12)
  fixed.writeUInt16LE(options.dosDate, 14)
  fixed.writeUInt32LE(record.crc, 16)
  fixed.writeUInt32LE(zip64 ? 0xffffffff : record.compressedSize, 20)
  fixed.writeUInt32LE(zip64 ? 0xffffffff : record.size, 24)
  fixed.writeUInt16LE(record.name.length, 28)
  fixed.writeUInt16LE(extra.length, 30)
  // File comment length, disk number start, internal attributes: 0.
  fixed.writeUInt32LE((options.mode << 16) >>> 0, 38)
  fixed.writeUInt32LE(zip64 ? 0xffffffff : record.offset, 42)
  return Buffer.concat([fixed, record.name, extra])
}

function endRecords(count: number, directoryStart: number, directorySize: number, commentText: string): Buffer {
  const comment = Buffer.from(commentText, 'latin1')
  const zip64 = count >= 0xffff || directorySize >= 0xffffffff || directoryStart >= 0xffffffff
  const end = Buffer.alloc(22 + comment.length)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Math.min(count, 0xffff), 8)
  end.writeUInt16LE(Math.min(count, 0xffff), 10)
  end.writeUInt32LE(Math.min(directorySize, 0xffffffff), 12)
  end.writeUInt32LE(Math.min(directoryStart, 0xffffffff), 16)
  end.writeUInt16LE(comment.length, 20)
  comment.copy(end, 22)
  if (!zip64) return end
  const record = Buffer.alloc(56)
  record.writeUInt32LE(0x06064b50, 0)
  record.writeBigUInt64LE(BigInt(56 - 12), 4)
  record.writeUInt16LE(VERSION_MADE_BY, 12)
  record.writeUInt16LE(VERSION_NEEDED_ZIP64, 14)
  record.writeBigUInt64LE(BigInt(count), 24)
  record.writeBigUInt64LE(BigInt(count), 32)
  record.writeBigUInt64LE(BigInt(directorySize), 40)
  record.writeBigUInt64LE(BigInt(directoryStart), 48)
  const locator = Buffer.alloc(20)
  locator.writeUInt32LE(0x07064b50, 0)
  locator.writeBigUInt64LE(BigInt(directoryStart + directorySize), 8)
  locator.writeUInt32LE(1, 16)
  return Buffer.concat([record, locator, end])
}
