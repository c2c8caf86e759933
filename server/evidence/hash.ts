import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { runAside } from './aside.ts'

/** Size in bytes and lowercase hex SHA-256 of some content. */
export type Digest = { readonly size: number; readonly sha256: string }

/** Large extracts are hundreds of MB: always stream, in 1 MiB reads. */
export const READ_CHUNK_BYTES = 1 << 20

export const SHA256_HEX = /^[0-9a-f]{64}$/

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function digestBytes(bytes: Uint8Array): Digest {
  return { size: bytes.byteLength, sha256: sha256Hex(bytes) }
}

export async function digestStream(stream: Readable): Promise<Digest> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of stream) {
    const bytes = chunk as Buffer
    hash.update(bytes)
    size += bytes.length
  }
  return { size, sha256: hash.digest('hex') }
}

export function digestFile(path: string): Promise<Digest> {
  return digestStream(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }))
}

/** A pass-through that hashes what flows through it; `digest()` is valid once the stream ended. */
export function digestingTransform(): { transform: Transform; digest: () => Digest } {
  const hash = createHash('sha256')
  let size = 0
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      size += chunk.length
      callback(null, chunk)
    },
  })
  let sha256: string | null = null
  const digest = (): Digest => {
    sha256 ??= hash.digest('hex')
    return { size, sha256 }
  }
  return { transform, digest }
}

/**
 * Copies `from` to a new file `to` (never overwrites), hashing the bytes as they pass, and flushes
 * the file to disk before resolving: one read of the source, however large.
 */
export async function copyDigesting(from: string, to: string): Promise<Digest> {
  const { transform, digest } = digestingTransform()
  await pipeline(
    createReadStream(from, { highWaterMark: READ_CHUNK_BYTES }),
    transform,
    createWriteStream(to, { flags: 'wx', flush: true }),
  )
  return digest()
}

/**
 * The digests of `paths`, read and hashed one after the other on a thread of their own: the
 * caller's thread goes on with other work meanwhile (the evidence step renders the workbook).
 */
export function digestFilesAside(paths: readonly string[]): Promise<Digest[]> {
  return runAside<Digest[]>('hash files', DIGEST_FILES, { paths, chunk: READ_CHUNK_BYTES })
}

const DIGEST_FILES = `
const { parentPort, workerData } = require('node:worker_threads')
const { closeSync, openSync, readSync } = require('node:fs')
const { createHash } = require('node:crypto')
const buffer = Buffer.allocUnsafe(workerData.chunk)
const digests = workerData.paths.map((path) => {
  const hash = createHash('sha256')
  const fd = openSync(path, 'r')
  let size = 0
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, read))
      size += read
    }
  } finally {
    closeSync(fd)
  }
  return { size, sha256: hash.digest('hex') }
})
parentPort.postMessage(digests)
`
