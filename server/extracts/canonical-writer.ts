import { createHash } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { encodeRecord, worstRecordBytes } from './canonical-format.ts'

/** What was written: data rows (header excluded), file size and SHA-256 of exactly those bytes. */
export type CanonicalFile = { readonly rows: number; readonly bytes: number; readonly sha256: string }

export type CanonicalWriter = {
  /**
   * Appends one record. Returns a promise when a buffer went to disk: await it for backpressure.
   * Writes stay in order whether or not it is awaited.
   */
  write(cells: readonly string[]): Promise<void> | undefined
  /**
   * Appends one record that `encode` writes into `out` from `at` (at most `worst` bytes, line feed
   * included), returning the offset after it. Same promise as `write`.
   */
  writeEncoded(worst: number, encode: (out: Buffer, at: number) => number): Promise<void> | undefined
  /** Writes the rest, then renames `path.tmp` to `path`: the file appears whole or not at all. */
  finish(): Promise<CanonicalFile>
  /** Stops and removes the temporary file. */
  abort(): Promise<void>
}

/** Bytes gathered before a write to disk. */
const CHUNK_BYTES = 1 << 20

/**
 * `header` null writes data records only, and `hash: false` skips the SHA-256 (`sha256` is then
 * empty): for one byte range of a split extract, whose parts are joined and hashed in order.
 */
export async function openCanonicalWriter(
  path: string,
  header: readonly string[] | null,
  options: { readonly hash?: boolean } = {},
): Promise<CanonicalWriter> {
  const temporary = `${path}.tmp`
  await mkdir(dirname(path), { recursive: true })
  const handle = await open(temporary, 'w')
  const hash = options.hash === false ? null : createHash('sha256')
  let buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  let used = 0
  let bytes = 0
  let rows = 0
  let pending: Promise<void> = Promise.resolve()
  let closed = false

  /** Buffers whose bytes are on disk, reused rather than left to the garbage collector. */
  const spare: Buffer[] = []

  function flush(): Promise<void> {
    const full = buffer
    const chunk = full.subarray(0, used)
    hash?.update(chunk)
    bytes += used
    buffer = spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES)
    used = 0
    pending = pending.then(async () => {
      await writeAll(chunk)
      if (full.length === CHUNK_BYTES && spare.length < 2) spare.push(full)
    })
    pending.catch(() => undefined)
    return pending
  }

  async function writeAll(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length;) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset)
      offset += bytesWritten
    }
  }

  function append(cells: readonly string[]): Promise<void> | undefined {
    const worst = worstRecordBytes(cells)
    const flushed = used + worst > buffer.length ? flush() : undefined
    if (worst > buffer.length) buffer = Buffer.allocUnsafe(worst)
    used = encodeRecord(cells, buffer, used)
    return flushed
  }

  async function close(): Promise<void> {
    if (closed) return
    closed = true
    await handle.close()
  }

  if (header !== null) append(header)

  function appendEncoded(worst: number, encode: (out: Buffer, at: number) => number): Promise<void> | undefined {
    const flushed = used + worst > buffer.length ? flush() : undefined
    if (worst > buffer.length) buffer = Buffer.allocUnsafe(worst)
    used = encode(buffer, used)
    return flushed
  }

  return {
    write(cells) {
      rows += 1
      return append(cells)
    },
    writeEncoded(worst, encode) {
      rows += 1
      return appendEncoded(worst, encode)
    },
    async finish() {
      try {
        await flush()
        await close()
        await rename(temporary, path)
      } catch (error) {
        await removeQuietly(temporary, close)
        throw error
      }
      return { rows, bytes, sha256: hash?.digest('hex') ?? '' }
    },
    abort: () => removeQuietly(temporary, close, pending),
  }
}

async function removeQuietly(temporary: string, close: () => Promise<void>, pending?: Promise<void>): Promise<void> {
  await pending?.catch(() => undefined)
  await close().catch(() => undefined)
  await rm(temporary, { force: true })
}
