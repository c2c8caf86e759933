import { isUtf8 } from 'node:buffer'
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { dataQualityError } from '../../shared/errors.ts'
import type { LocatedFile } from './files-table.ts'

/** An original file as supplied: name, size and SHA-256 of its bytes, for the evidence. */
export type OriginalFile = { readonly name: string; readonly bytes: number; readonly sha256: string }

/**
 * Hashes the file; text files are also checked to be UTF-8 on the way, so that a file saved in a
 * legacy code page fails with a clear message instead of turning accents into U+FFFD.
 */
export async function digestFile(file: LocatedFile, signal: AbortSignal): Promise<OriginalFile> {
  return readChecking(file, signal, createHash('sha256'))
}

/** The UTF-8 check alone, for files whose SHA-256 is already known (an upload hashes as it receives). */
export async function checkUtf8File(file: LocatedFile, signal: AbortSignal): Promise<void> {
  await readChecking(file, signal, null)
}

async function readChecking(file: LocatedFile, signal: AbortSignal, hash: Hash | null): Promise<OriginalFile> {
  const decoder = file.format === 'xlsx' ? undefined : utf8Checker()
  let bytes = 0
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20, signal }) as AsyncIterable<Buffer>) {
    hash?.update(chunk)
    bytes += chunk.length
    if (decoder) checkUtf8(decoder, chunk, file, bytes - chunk.length, bytes)
  }
  if (decoder) checkUtf8(decoder, undefined, file, bytes, bytes)
  return { name: file.name, bytes, sha256: hash?.digest('hex') ?? '' }
}

/**
 * Validates UTF-8 chunk by chunk without decoding to text: a sequence cut at the end of a chunk
 * is checked with the next one; `undefined` ends the input.
 */
function utf8Checker(): (chunk: Buffer | undefined) => boolean {
  let tail: Buffer | undefined
  return (chunk) => {
    const data = tail === undefined ? chunk : chunk === undefined ? tail : Buffer.concat([tail, chunk])
    tail = undefined
    if (data === undefined) return true
    if (chunk === undefined) return isUtf8(data)
    const complete = completeLength(data)
    if (complete < data.length) tail = Buffer.from(data.subarray(complete))
    return isUtf8(data.subarray(0, complete))
  }
}

/** Bytes up to the start of a multi-byte sequence the buffer cuts short (all of them when none is). */
function completeLength(data: Buffer): number {
  let lead = data.length - 1
  while (lead >= 0 && data.length - lead <= 3 && ((data[lead] as number) & 0xc0) === 0x80) lead -= 1
  if (lead < 0) return data.length
  const byte = data[lead] as number
  const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
  return data.length - lead < needed ? lead : data.length
}

function checkUtf8(
  valid: (chunk: Buffer | undefined) => boolean,
  chunk: Buffer | undefined,
  file: LocatedFile,
  from: number,
  to: number,
): void {
  if (!valid(chunk)) {
    throw dataQualityError(
      `${file.extract} file ${file.name}: not UTF-8 text (invalid bytes between byte ${Math.max(0, from - 3)} and ${to}); save it as "CSV UTF-8"`,
    )
  }
}
