import { ERRORS, type ErrorCode } from '../shared/errors.ts'
import { ApiError, NetworkError } from './api/client.ts'
import { FilesetRejectedError } from './api/tieout-api.ts'
import { ExcelOperationError, WorkbookConflictError } from './excel/index.ts'

/** What the pane shows in a MessageBar: user wording chosen here, from error codes, in one place. */
export type Notice = {
  readonly intent: 'error' | 'warning' | 'success' | 'info'
  readonly title: string
  readonly message: string
  readonly items?: readonly string[]
}

/** A title for every error code: a code added to the registry must get its title here. */
const SERVER_TITLES: Readonly<Record<ErrorCode, string>> = {
  TIEOUT_ERR_UNAUTHENTICATED: 'Sign in again',
  TIEOUT_ERR_FORBIDDEN: 'Not allowed for your role',
  TIEOUT_ERR_BAD_PERIOD: 'Check the period',
  TIEOUT_ERR_BAD_INPUT: 'Check the request',
  TIEOUT_ERR_UNKNOWN_ENTITY: 'Unknown entity',
  TIEOUT_ERR_ENTITY_OUT_OF_SCOPE: 'Entity out of consolidation scope',
  TIEOUT_ERR_NO_CURRENCY: 'Currency missing in the configuration',
  TIEOUT_ERR_DATA_QUALITY: 'An extract failed its quality checks',
  TIEOUT_ERR_MISSING_EXTRACT: 'An extract is missing',
  TIEOUT_ERR_SOURCE_UNAVAILABLE: 'The data source is unavailable',
  TIEOUT_ERR_SOURCE_TIMEOUT: 'The data source timed out',
  TIEOUT_ERR_SOURCE_DEADLOCK: 'The data source reported a deadlock',
  TIEOUT_ERR_SOURCE_QUERY: 'A source query failed',
  TIEOUT_ERR_SOURCE_LOGIN: 'The data source refused the login',
  TIEOUT_ERR_CANCELLED: 'The run was cancelled',
  TIEOUT_ERR_NOT_FOUND: 'Not found',
  TIEOUT_ERR_CONFLICT: 'Not possible now',
  TIEOUT_ERR_SIGNED_OFF: 'The run is signed off',
  TIEOUT_ERR_EVIDENCE: 'The evidence package could not be written',
  TIEOUT_ERR_TOO_LARGE: 'Too large to upload',
  TIEOUT_ERR_UNSUPPORTED_MEDIA_TYPE: 'Upload not understood',
  TIEOUT_ERR_BAD_CONFIG: 'The server configuration is invalid',
  TIEOUT_ERR_INTERNAL: 'The server failed',
}

const EXCEL_HINTS: Readonly<Record<string, string>> = {
  AccessDenied: 'A result sheet is protected or locked: leave the result sheets to Tieout and edit only Review status and Comment.',
  ItemNotFound: 'A result sheet is missing or was renamed. Open the run again from the history to rewrite its sheets.',
  RequestPayloadSizeLimitExceeded: 'Excel refused the data even in small pieces. Try Excel desktop, or fewer entities per run.',
  ResponsePayloadSizeLimitExceeded: 'The sheets are too large to read back in Excel on the web. Try Excel desktop.',
  InvalidOperation: 'Excel is busy (a cell may be in edit mode). Press Enter or Esc in the sheet and try again.',
}

/** Office SSO failures (`Office.auth.getAccessToken`), by Office's numeric codes. */
const SSO_HINTS: Readonly<Record<number, string>> = {
  13001: 'You are not signed in to Office. Sign in to Office, or paste an API token.',
  13002: 'Sign-in was cancelled.',
  13003: 'Office SSO needs a work or school account. Paste an API token instead.',
  13006: 'Office could not sign you in right now. Try again, or paste an API token.',
  13007: 'The add-in is not registered for single sign-on. Paste an API token instead.',
  13012: 'Single sign-on is not available in this version of Office. Paste an API token instead.',
}

export function noticeOf(error: unknown, action: string): Notice {
  if (error instanceof ApiError) {
    return {
      intent: 'error',
      title: (isErrorCode(error.code) ? SERVER_TITLES[error.code] : undefined) ?? `${action}: the server refused`,
      message: error.message,
      items: error.openItems,
    }
  }
  if (error instanceof NetworkError) {
    return {
      intent: 'error',
      title: 'Server not reachable',
      message: `${error.message} Check the server address, that the server runs, and its certificate.`,
    }
  }
  if (error instanceof FilesetRejectedError) {
    const items = error.report.files.flatMap((file) =>
      file.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message),
    )
    return { intent: 'error', title: 'Files not accepted', message: 'Correct these files and upload them again; nothing was kept.', items }
  }
  if (error instanceof WorkbookConflictError) return { intent: 'warning', title: 'Sheets in the way', message: error.message }
  if (error instanceof ExcelOperationError) {
    const hint = error.code === null ? undefined : EXCEL_HINTS[error.code]
    return {
      intent: 'error',
      title: `Excel: ${error.operation} failed`,
      message: hint === undefined ? error.message : `${hint} (${error.message})`,
    }
  }
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  if (typeof code === 'number' && SSO_HINTS[code] !== undefined)
    return { intent: 'error', title: 'Single sign-on failed', message: SSO_HINTS[code] }
  return { intent: 'error', title: `${action} failed`, message: error instanceof Error ? error.message : String(error) }
}

/** A code of this version's registry; a newer server may send one the pane does not know yet. */
function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code)
}
