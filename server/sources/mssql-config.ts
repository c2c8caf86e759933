import type { config as PoolConfig } from 'mssql'
import { TieoutError } from '../../shared/errors.ts'

/** How Tieout signs in to SQL Server; each type maps to one `tedious` authentication type. */
export type MssqlAuthentication =
  | { readonly type: 'sql'; readonly user: string; readonly password: string }
  /** Windows (integrated) sign-in from a non-Windows host: NTLM with a domain account. */
  | { readonly type: 'ntlm'; readonly domain: string; readonly user: string; readonly password: string }
  /** Microsoft Entra ID through the Azure default credential chain (environment, managed identity, CLI). */
  | { readonly type: 'azure-active-directory-default'; readonly clientId?: string }
  | {
      readonly type: 'azure-active-directory-password'
      readonly user: string
      readonly password: string
      readonly clientId: string
      readonly tenantId: string
    }
  | {
      readonly type: 'azure-active-directory-service-principal-secret'
      readonly clientId: string
      readonly clientSecret: string
      readonly tenantId: string
    }
  | { readonly type: 'azure-active-directory-msi-vm'; readonly clientId?: string }
  | { readonly type: 'azure-active-directory-msi-app-service'; readonly clientId?: string }
  | { readonly type: 'azure-active-directory-access-token'; readonly token: string }

export type MssqlAuthenticationType = MssqlAuthentication['type']

export type MssqlConfig = {
  readonly server: string
  readonly port: number
  readonly database: string
  readonly authentication: MssqlAuthentication
  /**
   * `true`: TLS as negotiated in PRELOGIN (the driver continues in clear text if the server says
   * it cannot encrypt); `'strict'`: TDS 8.0, TLS before anything else (SQL Server 2022 and later).
   */
  readonly encrypt: boolean | 'strict'
  readonly trustServerCertificate: boolean
  /** Connections shared by a run's extract steps; at least the engine's concurrency. */
  readonly poolMax: number
  /** Per-query limit in milliseconds (default 30 minutes); 0 disables it. */
  readonly requestTimeoutMs: number
  /** Limit for opening one connection, sign-in included, in milliseconds. */
  readonly connectTimeoutMs: number
  /** Shown in SQL Server's `sys.dm_exec_sessions.program_name`. */
  readonly appName: string
}

export const MSSQL_DEFAULTS = {
  port: 1433,
  database: 'AIG_Nav_Jumia_Reconciliation',
  poolMax: 4,
  requestTimeoutMs: 30 * 60 * 1000,
  connectTimeoutMs: 30 * 1000,
  appName: 'tieout',
} as const

const AUTH_TYPES: readonly MssqlAuthenticationType[] = [
  'sql',
  'ntlm',
  'azure-active-directory-default',
  'azure-active-directory-password',
  'azure-active-directory-service-principal-secret',
  'azure-active-directory-msi-vm',
  'azure-active-directory-msi-app-service',
  'azure-active-directory-access-token',
]

type Env = Readonly<Record<string, string | undefined>>

/**
 * Reads the SQL Server source configuration from the environment:
 *
 * - `TIEOUT_MSSQL_SERVER` (required): host name or address of SQL Server.
 * - `TIEOUT_MSSQL_PORT`: TCP port, default `1433`.
 * - `TIEOUT_MSSQL_DATABASE`: database the connection opens, default `AIG_Nav_Jumia_Reconciliation`
 *   (the catalog queries name their databases in full, so this only sets the session's default).
 * - `TIEOUT_MSSQL_AUTH`: `sql` (default: SQL login), `ntlm` (Windows/integrated sign-in with a
 *   domain account), or a Microsoft Entra ID type: `azure-active-directory-default`,
 *   `azure-active-directory-password`, `azure-active-directory-service-principal-secret`,
 *   `azure-active-directory-msi-vm`, `azure-active-directory-msi-app-service`,
 *   `azure-active-directory-access-token`.
 * - `TIEOUT_MSSQL_USER`, `TIEOUT_MSSQL_PASSWORD`: login for `sql`, `ntlm` and
 *   `azure-active-directory-password`.
 * - `TIEOUT_MSSQL_DOMAIN`: Windows domain for `ntlm`.
 * - `TIEOUT_MSSQL_CLIENT_ID`, `TIEOUT_MSSQL_TENANT_ID`, `TIEOUT_MSSQL_CLIENT_SECRET`: Entra ID
 *   application (client id optional for `-default` and the managed identities).
 * - `TIEOUT_MSSQL_ACCESS_TOKEN`: bearer token for `azure-active-directory-access-token`.
 * - `TIEOUT_MSSQL_ENCRYPT`: `true` (default), `false`, or `strict`. `true` negotiates TLS, but the
 *   driver continues unencrypted when the server answers that it cannot encrypt; `strict` (TDS 8.0,
 *   SQL Server 2022 and later) starts with TLS and refuses any unencrypted connection.
 * - `TIEOUT_MSSQL_TRUST_SERVER_CERTIFICATE`: `false` (default) or `true`: accept a certificate that
 *   does not chain to a trusted authority (test servers only).
 * - `TIEOUT_MSSQL_POOL_MAX`: connections in the pool, default `4` (the engine's default concurrency).
 * - `TIEOUT_MSSQL_REQUEST_TIMEOUT_MS`: per-query timeout, default `1800000` (30 minutes); `0` = none.
 * - `TIEOUT_MSSQL_CONNECT_TIMEOUT_MS`: connection timeout, default `30000`.
 * - `TIEOUT_MSSQL_APP_NAME`: application name reported to SQL Server, default `tieout`.
 *
 * Anything missing or malformed fails with `TIEOUT_ERR_BAD_CONFIG` naming the variable.
 */
export function mssqlConfigFromEnv(env: Env): MssqlConfig {
  return {
    server: required(env, 'TIEOUT_MSSQL_SERVER'),
    port: integer(env, 'TIEOUT_MSSQL_PORT', MSSQL_DEFAULTS.port, 1, 65_535),
    database: text(env, 'TIEOUT_MSSQL_DATABASE') ?? MSSQL_DEFAULTS.database,
    authentication: authentication(env),
    encrypt: text(env, 'TIEOUT_MSSQL_ENCRYPT')?.toLowerCase() === 'strict' ? 'strict' : flag(env, 'TIEOUT_MSSQL_ENCRYPT', true),
    trustServerCertificate: flag(env, 'TIEOUT_MSSQL_TRUST_SERVER_CERTIFICATE', false),
    poolMax: integer(env, 'TIEOUT_MSSQL_POOL_MAX', MSSQL_DEFAULTS.poolMax, 1, 100),
    requestTimeoutMs: integer(env, 'TIEOUT_MSSQL_REQUEST_TIMEOUT_MS', MSSQL_DEFAULTS.requestTimeoutMs, 0, 24 * 3_600_000),
    connectTimeoutMs: integer(env, 'TIEOUT_MSSQL_CONNECT_TIMEOUT_MS', MSSQL_DEFAULTS.connectTimeoutMs, 1, 600_000),
    appName: text(env, 'TIEOUT_MSSQL_APP_NAME') ?? MSSQL_DEFAULTS.appName,
  }
}

function authentication(env: Env): MssqlAuthentication {
  const type = text(env, 'TIEOUT_MSSQL_AUTH') ?? 'sql'
  const clientId = text(env, 'TIEOUT_MSSQL_CLIENT_ID')
  const optionalClient = clientId === undefined ? {} : { clientId }
  switch (type) {
    case 'sql':
      return { type, user: required(env, 'TIEOUT_MSSQL_USER'), password: required(env, 'TIEOUT_MSSQL_PASSWORD') }
    case 'ntlm':
      return {
        type,
        domain: required(env, 'TIEOUT_MSSQL_DOMAIN'),
        user: required(env, 'TIEOUT_MSSQL_USER'),
        password: required(env, 'TIEOUT_MSSQL_PASSWORD'),
      }
    case 'azure-active-directory-default':
    case 'azure-active-directory-msi-vm':
    case 'azure-active-directory-msi-app-service':
      return { type, ...optionalClient }
    case 'azure-active-directory-password':
      return {
        type,
        user: required(env, 'TIEOUT_MSSQL_USER'),
        password: required(env, 'TIEOUT_MSSQL_PASSWORD'),
        clientId: required(env, 'TIEOUT_MSSQL_CLIENT_ID'),
        tenantId: required(env, 'TIEOUT_MSSQL_TENANT_ID'),
      }
    case 'azure-active-directory-service-principal-secret':
      return {
        type,
        clientId: required(env, 'TIEOUT_MSSQL_CLIENT_ID'),
        clientSecret: required(env, 'TIEOUT_MSSQL_CLIENT_SECRET'),
        tenantId: required(env, 'TIEOUT_MSSQL_TENANT_ID'),
      }
    case 'azure-active-directory-access-token':
      return { type, token: required(env, 'TIEOUT_MSSQL_ACCESS_TOKEN') }
    default:
      throw badConfig(`TIEOUT_MSSQL_AUTH must be one of ${AUTH_TYPES.join(', ')}; got "${type}"`)
  }
}

/** The `mssql` pool configuration: rows stream as arrays, timeouts and pool size from `config`. */
export function toPoolConfig(config: MssqlConfig): PoolConfig {
  return {
    server: config.server,
    port: config.port,
    database: config.database,
    authentication: driverAuthentication(config.authentication),
    connectionTimeout: config.connectTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    arrayRowMode: true,
    options: {
      encrypt: config.encrypt,
      trustServerCertificate: config.trustServerCertificate,
      appName: config.appName,
      useUTC: true,
    },
    pool: {
      max: config.poolMax,
      min: 0,
      idleTimeoutMillis: 60_000,
      // A step may wait for a connection while others stream long queries.
      acquireTimeoutMillis: config.requestTimeoutMs > 0 ? config.requestTimeoutMs + config.connectTimeoutMs : 24 * 3_600_000,
      createTimeoutMillis: config.connectTimeoutMs,
    },
  }
}

function driverAuthentication(auth: MssqlAuthentication): NonNullable<PoolConfig['authentication']> {
  switch (auth.type) {
    case 'sql':
      return { type: 'default', options: { userName: auth.user, password: auth.password } }
    case 'ntlm':
      return { type: 'ntlm', options: { userName: auth.user, password: auth.password, domain: auth.domain } }
    case 'azure-active-directory-default':
    case 'azure-active-directory-msi-vm':
    case 'azure-active-directory-msi-app-service':
      return { type: auth.type, options: auth.clientId === undefined ? {} : { clientId: auth.clientId } }
    case 'azure-active-directory-password':
      return {
        type: auth.type,
        options: { userName: auth.user, password: auth.password, clientId: auth.clientId, tenantId: auth.tenantId },
      }
    case 'azure-active-directory-service-principal-secret':
      return { type: auth.type, options: { clientId: auth.clientId, clientSecret: auth.clientSecret, tenantId: auth.tenantId } }
    case 'azure-active-directory-access-token':
      return { type: auth.type, options: { token: auth.token } }
  }
}

/** `mssql: host:port/database (sql login reader)`: for logs and evidence, never a secret. */
export function describeMssql(config: MssqlConfig): string {
  const auth = config.authentication
  const who = 'user' in auth ? ` as ${auth.type === 'ntlm' ? `${auth.domain}\\` : ''}${auth.user}` : ''
  return `mssql: ${config.server}:${config.port}/${config.database} (${auth.type}${who})`
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

function required(env: Env, name: string): string {
  const value = text(env, name)
  if (value === undefined) throw badConfig(`${name} is required`)
  return value
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name)
  if (value === undefined) return fallback
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max)
    throw badConfig(`${name} must be an integer from ${min} to ${max}; got "${value}"`)
  return parsed
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = text(env, name)?.toLowerCase()
  if (value === undefined) return fallback
  if (['true', '1', 'yes'].includes(value)) return true
  if (['false', '0', 'no'].includes(value)) return false
  throw badConfig(`${name} must be true or false${name === 'TIEOUT_MSSQL_ENCRYPT' ? ' (or strict)' : ''}; got "${value}"`)
}

function badConfig(detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file: 'environment', detail })
}
