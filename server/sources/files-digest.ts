import { createHash } from 'node:crypto'
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
  const hash = createHash('sha256')
  const decoder = file.format === 'xlsx' ? undefined : new TextDecoder('utf-8', { fatal: true })
  let bytes = 0
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20, signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    bytes += chunk.length
    if (decoder) checkUtf8(decoder, chunk, file, bytes - chunk.length, bytes)
  }
  if (decoder) checkUtf8(decoder, undefined, file, bytes, bytes)
  return { name: file.name, bytes, sha256: hash.digest('hex') }
}

function checkUtf8(decoder: TextDecoder, chunk: Buffer | undefined, file: LocatedFile, from: number, to: number): void {
  try {
    decoder.decode(chunk, { stream: chunk !== undefined })
  } catch {
    throw dataQualityError(
      `${file.extract} file ${file.name}: not UTF-8 text (invalid bytes between byte ${Math.max(0, from - 3)} and ${to}); save it as "CSV UTF-8"`,
    )
  }
}
