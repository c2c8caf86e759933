import { type ErrorCode, isTieoutError, TieoutError } from '../../shared/errors.ts'

/**
 * Classifies what the `mssql`/`tedious` driver throws into Tieout's error registry, so the run
 * engine retries what may pass on a second attempt (lost connection, timeout, deadlock, Azure
 * throttling and failover) and fails the run at once on what never will (bad SQL, missing
 * object or permission, failed login).
 */

/** SQL Server error numbers that succeed when retried (Azure SQL's documented transient list). */
const TRANSIENT_NUMBERS: ReadonlyMap<number, ErrorCode> = new Map([
  [1205, 'TIEOUT_ERR_SOURCE_DEADLOCK'],
  // Throttling, failover and reconfiguration: the database is briefly unavailable.
  ...[20, 64, 233, 4060, 4221, 10053, 10054, 10060, 10928, 10929, 40143, 40197, 40501, 40540, 40613, 49918, 49919, 49920].map(
    (number): [number, ErrorCode] => [number, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
  ),
])

/** Login and password failures: retrying the same credentials cannot help. */
const LOGIN_NUMBERS: ReadonlySet<number> = new Set([18452, 18456, 18486, 18487, 18488])

/** Driver codes of a connection that failed or broke; the next attempt opens a new one. */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ESOCKET',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNCLOSED',
  'ECLOSE',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EINSTLOOKUP',
  'ENOTOPEN',
  'ENOCONN',
])

type DriverError = {
  readonly name?: unknown
  readonly code?: unknown
  readonly number?: unknown
  readonly message?: unknown
  readonly originalError?: unknown
  readonly cause?: unknown
  readonly errors?: unknown
  readonly isTransient?: unknown
}

export type ErrorContext = {
  /** The extract whose query failed, named in the message. */
  readonly extract?: string
  /** `host:port/database`, named in the message (never credentials). */
  readonly server?: string
}

export function classifyMssqlError(error: unknown, context: ErrorContext = {}): TieoutError {
  if (isTieoutError(error)) return error
  const facts = driverFacts(error)
  const code = errorCode(facts)
  return new TieoutError(code, { detail: detail(facts, context) }, { cause: error })
}

type Facts = { name: string; code: string; number: number | null; message: string; transientLogin: boolean; codes: string[] }

function driverFacts(error: unknown): Facts {
  const outer = asDriverError(error)
  const inner = asDriverError(outer.originalError)
  const number = [outer.number, inner.number].find((value): value is number => typeof value === 'number') ?? null
  const code = [outer.code, inner.code].find((value): value is string => typeof value === 'string') ?? ''
  const message = typeof outer.message === 'string' ? outer.message : String(error)
  return {
    name: typeof outer.name === 'string' ? outer.name : '',
    code,
    number,
    message,
    transientLogin: outer.isTransient === true || inner.isTransient === true,
    codes: [...nestedCodes(error, new Set<string>(), 0)],
  }
}

/** Codes of the error and of what it wraps (`tedious` hides ECONNREFUSED in an AggregateError). */
function nestedCodes(error: unknown, found: Set<string>, depth: number): Set<string> {
  if (depth > 5 || typeof error !== 'object' || error === null) return found
  const driver = error as DriverError
  if (typeof driver.code === 'string') found.add(driver.code)
  for (const inner of [driver.originalError, driver.cause, ...(Array.isArray(driver.errors) ? driver.errors : [])])
    nestedCodes(inner, found, depth + 1)
  return found
}

function asDriverError(value: unknown): DriverError {
  return typeof value === 'object' && value !== null ? (value as DriverError) : {}
}

function errorCode(facts: Facts): ErrorCode {
  const byNumber = facts.number === null ? undefined : TRANSIENT_NUMBERS.get(facts.number)
  if (byNumber) return byNumber
  if (facts.code === 'ELOGIN' || (facts.number !== null && LOGIN_NUMBERS.has(facts.number))) {
    return facts.transientLogin ? 'TIEOUT_ERR_SOURCE_UNAVAILABLE' : 'TIEOUT_ERR_SOURCE_LOGIN'
  }
  if (facts.code === 'ETIMEOUT') {
    // A request that ran too long, or a connection that could not be opened in time.
    return facts.name === 'RequestError' ? 'TIEOUT_ERR_SOURCE_TIMEOUT' : 'TIEOUT_ERR_SOURCE_UNAVAILABLE'
  }
  if (CONNECTION_CODES.has(facts.code) || facts.codes.some((code) => CONNECTION_CODES.has(code))) return 'TIEOUT_ERR_SOURCE_UNAVAILABLE'
  return 'TIEOUT_ERR_SOURCE_QUERY'
}

function detail(facts: Facts, context: ErrorContext): string {
  const where = [context.extract, context.server].filter(Boolean).join(' on ')
  const number = facts.number === null ? '' : `SQL Server error ${facts.number}: `
  const codes = facts.number === null ? facts.codes.filter((code) => !facts.message.includes(code)) : []
  const code = codes.length > 0 ? ` [${codes.join(', ')}]` : ''
  return `${where ? `${where}: ` : ''}${number}${facts.message}${code}`
}
