import { TieoutError } from '../../shared/errors.ts'

/**
 * Refusals of an upload that the error registry has no code for yet: the error policy answers any
 * error carrying a 4xx `statusCode` with that status and this message (code `TIEOUT_ERR_BAD_INPUT`).
 */
export class UploadRefusal extends Error {
  readonly statusCode: 413 | 415

  constructor(statusCode: 413 | 415, message: string) {
    super(message)
    this.name = 'UploadRefusal'
    this.statusCode = statusCode
  }
}

export function uploadTooLarge(message: string): UploadRefusal {
  return new UploadRefusal(413, message)
}

export function notMultipart(): UploadRefusal {
  return new UploadRefusal(415, 'body: send multipart/form-data with the extract files as parts named "files"')
}

/** What the multipart parser (busboy) says about a body it cannot read, in words naming the problem. */
const MALFORMED_MULTIPART: readonly (readonly [RegExp, string])[] = [
  [/boundary not found/i, 'body: the Content-Type multipart/form-data has no boundary parameter'],
  [/unexpected end of (form|multipart data)/i, 'body: the multipart/form-data body ends before its closing boundary (truncated upload)'],
  [/malformed part header/i, 'body: a part of the multipart/form-data body has a malformed header'],
  [/unsupported content type/i, 'body: unsupported content type (send multipart/form-data)'],
]

/** A 400 for a multipart body that cannot be parsed; null for any other error. */
export function malformedMultipart(error: unknown): TieoutError | null {
  if (!(error instanceof Error) || error instanceof TieoutError || error instanceof UploadRefusal) return null
  const found = MALFORMED_MULTIPART.find(([pattern]) => pattern.test(error.message))
  return found ? new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: found[1] }, { cause: error }) : null
}
