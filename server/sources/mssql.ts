import { performance } from 'node:perf_hooks'
import type sql from 'mssql'
import { EXTRACTS } from '../../shared/extracts/catalog.ts'
import { columnNames, type ExtractId } from '../../shared/extracts/schema.ts'
import { TieoutError } from '../../shared/errors.ts'
import { type BoundValue, DEFAULT_SQL_CATALOG_CONFIG, loadQuery, type SqlCatalogConfig, type SqlParameterType } from '../sql/catalog.ts'
import { describeMssql, type MssqlConfig, toPoolConfig } from './mssql-config.ts'
import { classifyMssqlError } from './mssql-errors.ts'
import { streamRows } from './mssql-stream.ts'
import type { ExtractRequest, RecordStream, Source } from './source.ts'

export type MssqlSourceOptions = {
  /** Exclusion lists and posting groups bound into the queries. */
  readonly catalog?: SqlCatalogConfig
  /** Rows buffered per query before SQL Server is held back; default 2,000. */
  readonly highWaterMark?: number
}

/** What a streaming read exposes beyond the `Source` contract, for tests and diagnostics. */
export type MssqlSource = Source & {
  /** Times the running queries were paused because the consumer fell behind. */
  readonly pauses: () => number
}

const DEFAULT_HIGH_WATER_MARK = 2_000

type Driver = typeof sql

/** The SQL Server driver loads on first use: a run from files or the demo does not pay for it. */
const loadDriver = (): Promise<Driver> => import('mssql').then((module) => module.default)

/**
 * The SQL Server source: each extract's catalog query with bound, typed parameters, streamed row
 * by row (never held whole), cancellable through the request's signal. One connection pool is
 * opened on first use and shared by every step of the run; `close()` ends it.
 */
export function createMssqlSource(config: MssqlConfig, options: MssqlSourceOptions = {}): MssqlSource {
  const catalog = options.catalog ?? DEFAULT_SQL_CATALOG_CONFIG
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK
  const server = serverName(config)
  let pool: Promise<sql.ConnectionPool> | null = null
  let pauses = 0

  const connected = (): Promise<sql.ConnectionPool> => {
    if (!pool) {
      pool = loadDriver()
        .then((driver) => {
          const created = new driver.ConnectionPool(toPoolConfig(config))
          // Broken idle connections are reported here; the pool replaces them on the next acquire.
          created.on('error', () => {})
          return created.connect()
        })
        .catch((error: unknown) => {
          pool = null
          throw classifyMssqlError(error, { server })
        })
    }
    return pool
  }

  const read = async ({ extract, params, signal }: ExtractRequest): Promise<RecordStream> => {
    signal.throwIfAborted()
    const query = loadQuery(extract, catalog)
    const bound: Record<string, BoundValue> = {}
    const driver = await loadDriver()
    const request = new driver.Request(await connected())
    request.stream = true
    request.arrayRowMode = true
    for (const parameter of query.parameters) {
      const value = parameter.value(params)
      bound[parameter.name] = value
      request.input(parameter.name, driverType(driver, parameter.type), driverValue(parameter.type, value))
    }
    const stream = streamRows(request, { signal, highWaterMark, classify: (error) => classifyMssqlError(error, { extract, server }) })
    void request.query(query.text).catch(() => {})
    const header = await stream.header
    const mismatch = headerMismatch(extract, header)
    if (mismatch) {
      stream.cancel()
      throw new TieoutError('TIEOUT_ERR_SOURCE_QUERY', { detail: `${extract} on ${server}: ${mismatch}` })
    }
    return {
      header,
      records: counted(stream.records, () => {
        pauses += stream.pauses()
      }),
      provenance: {
        kind: 'mssql',
        description: `${describeMssql(config)}, extract ${extract}`,
        queryText: query.text,
        boundParameters: bound,
      },
    }
  }

  return {
    kind: 'mssql',
    describe: () => describeMssql(config),
    has: async (extract: ExtractId) => EXTRACTS[extract].origin === 'sql',
    read,
    close: async () => {
      const current = pool
      pool = null
      if (current) await (await current.catch(() => null))?.close()
    },
    pauses: () => pauses,
  }
}

/** Adds the stream's pause count to the source's total when the stream ends, however it ends. */
async function* counted(records: AsyncIterable<readonly unknown[]>, onEnd: () => void): AsyncIterable<readonly unknown[]> {
  try {
    yield* records
  } finally {
    onEnd()
  }
}

function driverType(driver: Driver, type: SqlParameterType): sql.ISqlType | (() => sql.ISqlType) {
  switch (type) {
    case 'Date':
      return driver.Date
    case 'Int':
      return driver.Int
    case 'NVarChar(max)':
      return driver.NVarChar(driver.MAX)
  }
}

/** ISO dates bind as `date` values at UTC midnight: the driver sends their UTC calendar day. */
function driverValue(type: SqlParameterType, value: BoundValue): unknown {
  if (type !== 'Date') return value
  const [year, month, day] = String(value).split('-').map(Number)
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1))
}

/** Why a result set's columns are not the catalog's, or null when they are. */
export function headerMismatch(extract: ExtractId, header: readonly string[]): string | null {
  const expected = columnNames(EXTRACTS[extract])
  if (header.length === expected.length && header.every((name, index) => name === expected[index])) return null
  const missing = expected.filter((name) => !header.includes(name))
  const unexpected = header.filter((name) => !expected.includes(name))
  const parts = [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    unexpected.length > 0 ? `unexpected ${unexpected.join(', ')}` : '',
    missing.length === 0 && unexpected.length === 0 ? `columns out of order: got ${header.join(', ')}` : '',
  ].filter(Boolean)
  return `the query's columns differ from the catalog's (${parts.join('; ')})`
}

export type ConnectionCheck = {
  readonly ok: boolean
  readonly server: string
  readonly database: string
  readonly latencyMs: number
  readonly error?: { readonly code: string; readonly message: string; readonly transient: boolean }
}

/** Opens one connection and runs `SELECT 1`: for `tieout check-connection` and `/readyz`. */
export async function checkConnection(config: MssqlConfig): Promise<ConnectionCheck> {
  const server = serverName(config)
  const started = performance.now()
  const driver = await loadDriver()
  const pool = new driver.ConnectionPool({ ...toPoolConfig(config), pool: { max: 1, min: 0 } })
  pool.on('error', () => {})
  try {
    await pool.connect()
    await pool.request().query('SELECT 1 AS [ok]')
    return { ok: true, server: `${config.server}:${config.port}`, database: config.database, latencyMs: elapsed(started) }
  } catch (caught) {
    const error = classifyMssqlError(caught, { server })
    return {
      ok: false,
      server: `${config.server}:${config.port}`,
      database: config.database,
      latencyMs: elapsed(started),
      error: { code: error.code, message: error.message, transient: error.transient },
    }
  } finally {
    await pool.close().catch(() => {})
  }
}

function serverName(config: MssqlConfig): string {
  return `${config.server}:${config.port}/${config.database}`
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started)
}
