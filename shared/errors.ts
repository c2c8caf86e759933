/**
 * The one registry of Tieout's error codes: a message template, the HTTP status it maps to,
 * and whether the run engine may retry it. Pure data, so shared/, the server and the add-in
 * read the same table.
 */
export const ERRORS = {
  TIEOUT_ERR_BAD_PERIOD: {
    status: 400,
    transient: false,
    message: 'period "{value}" is not of the form YYYY-MM with a month from 01 to 12, from 2000-01 to 2099-12',
  },
  TIEOUT_ERR_UNKNOWN_ENTITY: {
    status: 400,
    transient: false,
    message: 'entity {entity} is not in the entity master',
  },
  TIEOUT_ERR_ENTITY_OUT_OF_SCOPE: {
    status: 400,
    transient: false,
    message: 'entity {entity} is not in consolidation scope and cannot be reconciled',
  },
  TIEOUT_ERR_NO_CURRENCY: {
    status: 400,
    transient: false,
    message: 'no currency is configured for country {country} of entity {entity}',
  },
  TIEOUT_ERR_DATA_QUALITY: { status: 422, transient: false, message: '{detail}' },
  TIEOUT_ERR_MISSING_EXTRACT: {
    status: 422,
    transient: false,
    message: 'extract {extract} is required but was not supplied ({detail})',
  },
  TIEOUT_ERR_BAD_INPUT: { status: 400, transient: false, message: '{detail}' },
  TIEOUT_ERR_BAD_CONFIG: { status: 500, transient: false, message: 'configuration {file}: {detail}' },
  TIEOUT_ERR_NOT_FOUND: { status: 404, transient: false, message: '{what} not found' },
  TIEOUT_ERR_TOO_LARGE: { status: 413, transient: false, message: '{detail}' },
  TIEOUT_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, transient: false, message: '{detail}' },
  TIEOUT_ERR_CONFLICT: { status: 409, transient: false, message: '{detail}' },
  TIEOUT_ERR_SIGNED_OFF: {
    status: 409,
    transient: false,
    message: 'run {runId} was signed off by {reviewer} at {at}: it is locked until a reviewer reopens the sign-off with a reason',
  },
  TIEOUT_ERR_UNAUTHENTICATED: { status: 401, transient: false, message: '{detail}' },
  TIEOUT_ERR_FORBIDDEN: { status: 403, transient: false, message: '{detail}' },
  TIEOUT_ERR_SOURCE_UNAVAILABLE: { status: 503, transient: true, message: 'source unavailable: {detail}' },
  TIEOUT_ERR_SOURCE_TIMEOUT: { status: 504, transient: true, message: 'source query timed out: {detail}' },
  TIEOUT_ERR_SOURCE_DEADLOCK: { status: 503, transient: true, message: 'source deadlock: {detail}' },
  TIEOUT_ERR_SOURCE_QUERY: { status: 502, transient: false, message: 'source query failed: {detail}' },
  TIEOUT_ERR_SOURCE_LOGIN: { status: 502, transient: false, message: 'source login failed: {detail}' },
  TIEOUT_ERR_CANCELLED: { status: 409, transient: false, message: 'run {runId} was cancelled' },
  TIEOUT_ERR_EVIDENCE: { status: 500, transient: false, message: 'evidence: {detail}' },
  TIEOUT_ERR_INTERNAL: { status: 500, transient: false, message: '{detail}' },
} as const satisfies Record<string, { status: number; transient: boolean; message: string }>

export type ErrorCode = keyof typeof ERRORS

export class TieoutError extends Error {
  readonly code: ErrorCode
  readonly params: Readonly<Record<string, string>>

  constructor(code: ErrorCode, params: Record<string, string> = {}, options?: { cause?: unknown }) {
    super(formatMessage(ERRORS[code].message, params), options)
    this.name = 'TieoutError'
    this.code = code
    this.params = params
  }

  get status(): number {
    return ERRORS[this.code].status
  }

  get transient(): boolean {
    return ERRORS[this.code].transient
  }
}

function formatMessage(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`)
}

/** A data-quality failure that names the extract and, where known, the file, row and column. */
export function dataQualityError(detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_DATA_QUALITY', { detail })
}

export function isTieoutError(error: unknown): error is TieoutError {
  return error instanceof TieoutError
}
