import { createReadStream } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { Worker } from 'node:worker_threads'
import { READ_CHUNK_BYTES } from './hash.ts'
import { DEFLATE_PIECE_BYTES, type DeflatedAhead } from './zip-format.ts'

/** A file to deflate ahead: its path in the package and where it is now. */
export type AheadFile = { readonly path: string; readonly file: string }

/**
 * A file deflated ahead, whole (`complete`) or its first `size` bytes when stopped before its end,
 * and what identifies the file it was read from.
 */
export type DeflatedFile = {
  readonly path: string
  readonly part: string
  readonly complete: boolean
  readonly crc: number
  readonly size: number
  readonly compressedSize: number
  readonly fileSize: number
  readonly dev: string
  readonly ino: string
  readonly mtimeNs: string
}

export type ZipAhead = {
  /** Waits until every file is deflated (or left out); gives them by package path. */
  settled(): Promise<ReadonlyMap<string, DeflatedFile>>
  /** Stops (at a piece boundary) and gives the files deflated so far, the last maybe in part, by package path. */
  finish(): Promise<ReadonlyMap<string, DeflatedFile>>
  /** Stops and removes the deflated data. */
  discard(): Promise<void>
}

/**
 * Deflates `files` (in order) for the zip of a package not sealed yet, on a thread of its own, into
 * `dir`: the same pieces, level and final block as the zip writer (zip-format.ts), so the zip has
 * the same bytes whether an entry was deflated ahead or not. Meant for files whose bytes are
 * final before the package is (a run's canonical extracts, linked into it), while the rest of the
 * package is still being written: the zip then copies their deflated data, and deflates itself
 * what was not reached (from the piece where a stopped file ends). A file changed while it is read
 * is left out.
 */
export function deflateAhead(
  files: readonly AheadFile[] | Promise<readonly AheadFile[]>,
  dir: string,
  level: number,
  /** At most about this many bytes of the files are deflated ahead (whole pieces), so much disk used. */
  limit = Number.MAX_SAFE_INTEGER,
): ZipAhead {
  const stop = new Int32Array(new SharedArrayBuffer(4))
  const done = new Map<string, DeflatedFile>()
  const started = Promise.all([files, mkdir(dir, { recursive: true })]).then(
    ([list]) =>
      new Promise<void>((resolve) => {
        const worker = new Worker(DEFLATE_FILES, {
          eval: true,
          workerData: { files: list, dir, level, limit, piece: DEFLATE_PIECE_BYTES, stop: stop.buffer },
        })
        worker.on('message', (file: DeflatedFile) => done.set(file.path, file))
        // Deflating ahead only saves time: a failure leaves the zip to deflate the files itself.
        worker.once('error', () => undefined)
        worker.once('exit', () => resolve())
      }),
  )
  started.catch(() => undefined)
  const finish = async (): Promise<ReadonlyMap<string, DeflatedFile>> => {
    Atomics.store(stop, 0, 1)
    await started.catch(() => undefined)
    return done
  }
  return {
    settled: async () => {
      await started.catch(() => undefined)
      return done
    },
    finish,
    discard: async () => {
      await finish()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * The deflated data of the file at `file` (a package's file) when it is the one deflated ahead:
 * the same file system object, size and modification time.
 */
export async function deflatedAheadOf(file: string, ahead: DeflatedFile | undefined): Promise<DeflatedAhead | undefined> {
  if (ahead === undefined) return undefined
  const now = await stat(file, { bigint: true }).catch(() => null)
  if (now === null || String(now.dev) !== ahead.dev || String(now.ino) !== ahead.ino) return undefined
  if (Number(now.size) !== ahead.fileSize || String(now.mtimeNs) !== ahead.mtimeNs) return undefined
  return {
    complete: ahead.complete,
    crc: ahead.crc,
    size: ahead.size,
    compressedSize: ahead.compressedSize,
    open: () => Promise.resolve(createReadStream(ahead.part, { highWaterMark: READ_CHUNK_BYTES })),
  }
}

// Plain CommonJS: a worker thread starts it without the TypeScript loader. Each piece is cut,
// checksummed and deflated exactly as zip-format.ts does (fixed pieces, sync flush, one empty final
// block), with zlib's synchronous calls on this thread rather than libuv's pool.
const DEFLATE_FILES = `
const { parentPort, workerData } = require('node:worker_threads')
const fs = require('node:fs')
const zlib = require('node:zlib')
const { files, dir, level, piece } = workerData
const stop = new Int32Array(workerData.stop)
const options = { level, finishFlush: zlib.constants.Z_SYNC_FLUSH }
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0))
const buffer = Buffer.allocUnsafe(piece)
const writeAll = (fd, bytes) => {
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at)
}
let total = 0
const stopped = () => Atomics.load(stop, 0) !== 0 || total >= workerData.limit
for (let index = 0; index < files.length && !stopped(); index++) {
  const { path, file } = files[index]
  const part = dir + '/' + index + '.deflated'
  let input
  try {
    input = fs.openSync(file, 'r')
  } catch {
    continue
  }
  const before = fs.fstatSync(input, { bigint: true })
  const output = fs.openSync(part, 'w')
  let crc = 0
  let size = 0
  let compressedSize = 0
  let complete = false
  try {
    for (;;) {
      if (stopped()) break
      let filled = 0
      while (filled < piece) {
        const read = fs.readSync(input, buffer, filled, piece - filled, null)
        if (read === 0) break
        filled += read
      }
      if (filled > 0) {
        const chunk = buffer.subarray(0, filled)
        crc = zlib.crc32(chunk, crc)
        size += filled
        total += filled
        const deflated = zlib.deflateRawSync(chunk, options)
        writeAll(output, deflated)
        compressedSize += deflated.length
      }
      if (filled < piece) {
        writeAll(output, FINAL_BLOCK)
        compressedSize += FINAL_BLOCK.length
        complete = true
        break
      }
    }
  } finally {
    fs.closeSync(input)
    fs.closeSync(output)
  }
  const after = fs.statSync(file, { bigint: true })
  const same = after.ino === before.ino && after.dev === before.dev && after.size === before.size &&
    after.mtimeNs === before.mtimeNs && (!complete || Number(before.size) === size)
  if (!same || size === 0 && !complete) {
    fs.rmSync(part, { force: true })
    continue
  }
  parentPort.postMessage({
    path, part, complete, crc, size, compressedSize, fileSize: Number(before.size),
    dev: String(before.dev), ino: String(before.ino), mtimeNs: String(before.mtimeNs),
  })
}
`
