import { createHash } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { formatRecord } from './canonical-format.ts'

/** What was written: data rows (header excluded), file size and SHA-256 of exactly those bytes. */
export type CanonicalFile = { readonly rows: number; readonly bytes: number; readonly sha256: string }

export type CanonicalWriter = {
  /**
   * Appends one record. Returns a promise when a buffer went to disk: await it for backpressure.
   * Writes stay in order whether or not it is awaited.
   */
  write(cells: readonly string[]): Promise<void> | undefined
  /** Writes the rest, then renames `path.tmp` to `path`: the file appears whole or not at all. */
  finish(): Promise<CanonicalFile>
  /** Stops and removes the temporary file. */
  abort(): Promise<void>
}

/** Node's UTF-8 encoder behind `buffer.write(text, offset, 'utf8')`, without its argument checks. */
type Utf8Writing = { utf8Write(text: string, offset: number): number }

/** Bytes gathered before a write to disk; a UTF-16 unit takes at most 3 UTF-8 bytes. */
const CHUNK_BYTES = 1 << 20
const MAX_UTF8_PER_UNIT = 3
const LINE_FEED = 10

export async function openCanonicalWriter(path: string, header: readonly string[]): Promise<CanonicalWriter> {
  const temporary = `${path}.tmp`
  await mkdir(dirname(path), { recursive: true })
  const handle = await open(temporary, 'w')
  const hash = createHash('sha256')
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  let used = 0
  let bytes = 0
  let rows = 0
  let pending: Promise<void> = Promise.resolve()
  let closed = false

  function flush(): Promise<void> {
    const chunk = buffer.subarray(0, used)
    hash.update(chunk)
    bytes += used
    buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    used = 0
    pending = pending.then(() => writeAll(chunk))
    pending.catch(() => undefined)
    return pending
  }

  async function writeAll(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length;) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset)
      offset += bytesWritten
    }
  }

  function append(line: string): Promise<void> | undefined {
    const worst = line.length * MAX_UTF8_PER_UNIT + 1
    const flushed = used + worst > buffer.length ? flush() : undefined
    if (worst > buffer.length) buffer = Buffer.allocUnsafe(worst)
    used += (buffer as Buffer & Utf8Writing).utf8Write(line, used)
    buffer[used++] = LINE_FEED
    return flushed
  }

  async function close(): Promise<void> {
    if (closed) return
    closed = true
    await handle.close()
  }

  append(formatRecord(header))

  return {
    write(cells) {
      rows += 1
      return append(formatRecord(cells))
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
      return { rows, bytes, sha256: hash.digest('hex') }
    },
    abort: () => removeQuietly(temporary, close, pending),
  }
}

async function removeQuietly(temporary: string, close: () => Promise<void>, pending?: Promise<void>): Promise<void> {
  await pending?.catch(() => undefined)
  await close().catch(() => undefined)
  await rm(temporary, { force: true })
}
