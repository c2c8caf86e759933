import { TieoutError } from '../../shared/errors.ts'

/** An upload over a limit (files, bytes of one file, bytes in all): a 413 naming the limit. */
export function uploadTooLarge(detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_TOO_LARGE', { detail })
}

export function notMultipart(): TieoutError {
  return new TieoutError('TIEOUT_ERR_UNSUPPORTED_MEDIA_TYPE', {
    detail: 'body: send multipart/form-data with the extract files as parts named "files"',
  })
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
  if (!(error instanceof Error) || error instanceof TieoutError) return null
  const found = MALFORMED_MULTIPART.find(([pattern]) => pattern.test(error.message))
  return found ? new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: found[1] }, { cause: error }) : null
}
