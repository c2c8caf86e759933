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
