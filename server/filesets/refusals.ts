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
