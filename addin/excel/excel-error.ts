/**
 * Excel failures as the pane shows them: the operation that failed in our words, plus Excel's
 * code and message. Nothing here is swallowed; callers rethrow or show it.
 */
export class ExcelOperationError extends Error {
  readonly operation: string
  /** office.js error code (`RequestPayloadSizeLimitExceeded`, `AccessDenied`, …) when Excel gave one. */
  readonly code: string | null

  constructor(operation: string, cause: unknown) {
    super(`${operation} failed: ${describeExcelError(cause)}`, { cause })
    this.name = 'ExcelOperationError'
    this.operation = operation
    this.code = excelErrorCode(cause)
  }
}

type OfficeLikeError = { code?: unknown; message?: unknown; debugInfo?: { errorLocation?: unknown } }

export function excelErrorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null
  const code = (error as OfficeLikeError).code
  return typeof code === 'string' ? code : null
}

export function describeExcelError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const { message, debugInfo } = error as OfficeLikeError
  const code = excelErrorCode(error)
  const location = typeof debugInfo?.errorLocation === 'string' && debugInfo.errorLocation !== '' ? ` at ${debugInfo.errorLocation}` : ''
  const text = typeof message === 'string' ? message : String(error)
  return code === null ? text : `${text} (${code}${location})`
}

/** Excel refused the request for its size: the batch can be retried in smaller pieces. */
export function isPayloadTooLarge(error: unknown): boolean {
  return excelErrorCode(error) === 'RequestPayloadSizeLimitExceeded'
}

export function isResponseTooLarge(error: unknown): boolean {
  return excelErrorCode(error) === 'ResponsePayloadSizeLimitExceeded'
}

/** A workbook state the add-in will not overwrite or read past (not an Excel failure). */
export class WorkbookConflictError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WorkbookConflictError'
  }
}
