import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Multipart } from '@fastify/multipart'
import { TieoutError } from '../../shared/errors.ts'
import { FILES_FIELD, type FilesetLimits } from './limits.ts'
import { createNameRegister, parseUploadName, type UploadName } from './names.ts'
import { malformedMultipart, uploadTooLarge } from './refusals.ts'

/** One uploaded file as written to the upload's folder. */
export type ReceivedFile = UploadName & {
  readonly path: string
  readonly bytes: number
  /** SHA-256 of the bytes as uploaded, lower-case hex. */
  readonly sha256: string
}

/**
 * Streams each file part of an upload to `<dir>/<name>` while counting and hashing it: a file is
 * never held in memory. Names are checked from the part's header before a byte is written; the
 * limits are checked as the bytes arrive. The first problem ends the upload with a 4xx naming the
 * field or file; the caller removes `dir`.
 */
export async function receiveFiles(parts: AsyncIterable<Multipart>, dir: string, limits: FilesetLimits): Promise<ReceivedFile[]> {
  try {
    return await receiveEach(parts, dir, limits)
  } catch (error) {
    throw malformedMultipart(error) ?? error
  }
}

async function receiveEach(parts: AsyncIterable<Multipart>, dir: string, limits: FilesetLimits): Promise<ReceivedFile[]> {
  const names = createNameRegister()
  const files: ReceivedFile[] = []
  let total = 0
  for await (const part of parts) {
    if (part.type !== 'file' || part.fieldname !== FILES_FIELD) throw unexpectedField(part, limits)
    if (files.length === limits.maxFiles) throw uploadTooLarge(`files: more than ${limits.maxFiles} files in one upload`)
    const name = parseUploadName(part.filename, limits.maxNameChars)
    names.add(name)
    const saved = await save(part.file, join(dir, name.name), limits.maxTotalBytes - total, limits)
    if (part.file.truncated) {
      throw uploadTooLarge(`file "${name.name}": larger than ${limits.maxFileBytes} bytes, the limit for one file`)
    }
    total += saved.bytes
    files.push({ ...name, path: join(dir, name.name), ...saved })
  }
  if (files.length === 0) {
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', {
      detail: `${FILES_FIELD}: no extract files in the upload (send each as a part named "${FILES_FIELD}")`,
    })
  }
  return files
}

async function save(file: Readable, path: string, budget: number, limits: FilesetLimits): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256')
  let bytes = 0
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      if (bytes > budget) return done(uploadTooLarge(`files: more than ${limits.maxTotalBytes} bytes in one upload`))
      hash.update(chunk)
      done(null, chunk)
    },
  })
  // `wx`: a name is written once; the register has already refused repeats.
  await pipeline(file, meter, createWriteStream(path, { flags: 'wx' }))
  return { bytes, sha256: hash.digest('hex') }
}

function unexpectedField(part: Multipart, limits: FilesetLimits): TieoutError {
  const name = part.fieldname.length > limits.maxFieldNameChars ? `${part.fieldname.slice(0, limits.maxFieldNameChars)}…` : part.fieldname
  const what = part.type === 'file' ? 'a file' : 'a text field'
  return new TieoutError('TIEOUT_ERR_BAD_INPUT', {
    detail: `field ${JSON.stringify(name)}: ${what} is not expected here; send each extract file as a part named "${FILES_FIELD}"`,
  })
}
