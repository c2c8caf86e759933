import { resolve } from 'node:path'
import { ROLES, type Role } from '../shared/api/common.ts'
import { TieoutError } from '../shared/errors.ts'
import { DEFAULT_RETRY, type RetryPolicy } from './engine/workflow.ts'
import type { EvidenceStoreConfig } from './evidence/store/evidence-store.ts'

export type { EvidenceStoreConfig }

/** Where runs read their extracts when a request does not say otherwise. */
export type DefaultSource = 'demo' | 'mssql' | 'files'

export type OidcConfig = {
  readonly issuer: string
  readonly audience: string
  readonly jwksUrl: string
  /** Claim holding the roles, e.g. `roles` (an array of strings) as Entra ID issues it. */
  readonly roleClaim: string
  /** Claim value → role, matched exactly (default `OIDC_DEFAULT_ROLE_MAP`). */
  readonly roleMap?: Readonly<Record<string, Role>>
}

/** The app roles to declare in Entra ID (or any issuer): `Tieout.Preparer` → preparer, … */
export const OIDC_DEFAULT_ROLE_MAP: Readonly<Record<string, Role>> = {
  'Tieout.Preparer': 'preparer',
  'Tieout.Reviewer': 'reviewer',
  'Tieout.Auditor': 'auditor',
  'Tieout.Admin': 'admin',
}

export type TlsConfig = { readonly certFile: string; readonly keyFile: string }

export type ServerConfig = {
  readonly dataDir: string
  readonly host: string
  readonly port: number
  readonly tls: TlsConfig | null
  readonly oidc: OidcConfig | null
  /** The only origin allowed by CORS (the add-in when served from elsewhere); null = no CORS. */
  readonly addinOrigin: string | null
  /** Built task pane, served at `/addin/` when the folder exists. */
  readonly addinDir: string
  /** A `files` source named in an API request must lie under this folder. */
  readonly filesRoot: string
  readonly defaultSource: DefaultSource
  /** Creates one API token per role at start (the default with the demo source). */
  readonly demo: boolean
  readonly engineConcurrency: number
  /**
   * Each run's working folder is `<runsDir>/<run id>` (default `<data dir>/runs`). A run interrupted
   * on one instance may resume on another: instances sharing a database need a folder they all mount.
   */
  readonly runsDir: string
  /** An external PostgreSQL shared by every instance; null → the embedded server in the data dir. */
  readonly databaseUrl: string | null
  /** This instance's id (DBOS executor id): a restarted instance resumes its own unfinished runs. */
  readonly instanceId: string
  /** Runs executing at once across every instance, and on this one (null: no limit). */
  readonly runConcurrency: number | null
  readonly instanceRunConcurrency: number | null
  /** Replaces the steps' own retry policy when set (operations may shorten or lengthen it). */
  readonly retry: RetryPolicy | null
  readonly logLevel: string
  /** Interval of SSE heartbeat comments, in milliseconds. */
  readonly heartbeatMs: number
  /** `/metrics` without a token (default false: auditor or admin). */
  readonly metricsPublic?: boolean
  /** SQL Server is configured (`TIEOUT_MSSQL_SERVER`): runs may read from it. */
  readonly mssqlConfigured?: boolean
  /** Where evidence packages and uploaded filesets are published (default: the data directory). */
  readonly evidenceStore?: EvidenceStoreConfig
}

export const DEFAULT_AZURE_CONTAINER = 'tieout-evidence'

type Env = Readonly<Record<string, string | undefined>>

export const DEFAULT_PORT = 8750

/** Reads the server configuration from `TIEOUT_*` variables; anything unusable fails at start. */
export function loadConfig(env: Env = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const dataDir = resolve(text(env, 'TIEOUT_DATA_DIR') ?? './data')
  const defaultSource = sourceKind(text(env, 'TIEOUT_SOURCE') ?? 'demo')
  const evidenceStore = multiInstanceStore(env, evidenceStoreConfig(env))
  return {
    dataDir,
    host: text(env, 'TIEOUT_HOST') ?? '127.0.0.1',
    port: integer(env, 'TIEOUT_PORT', DEFAULT_PORT, 0, 65_535),
    tls: tlsConfig(env),
    oidc: oidcConfig(env),
    addinOrigin: text(env, 'TIEOUT_ADDIN_ORIGIN') ?? null,
    addinDir: resolve(text(env, 'TIEOUT_ADDIN_DIR') ?? 'addin/dist'),
    filesRoot: resolve(text(env, 'TIEOUT_FILES_ROOT') ?? resolve(dataDir, 'files')),
    defaultSource,
    demo: flag(env, 'TIEOUT_DEMO', defaultSource === 'demo'),
    engineConcurrency: integer(env, 'TIEOUT_ENGINE_CONCURRENCY', 4, 1, 64),
    databaseUrl: databaseUrl(env),
    instanceId: instanceId(env),
    runConcurrency: optionalInteger(env, 'TIEOUT_RUN_CONCURRENCY', 1, 1_000),
    instanceRunConcurrency: optionalInteger(env, 'TIEOUT_INSTANCE_RUN_CONCURRENCY', 1, 1_000) ?? 2,
    retry: retryPolicy(env),
    logLevel: text(env, 'TIEOUT_LOG_LEVEL') ?? 'info',
    heartbeatMs: integer(env, 'TIEOUT_SSE_HEARTBEAT_MS', 15_000, 10, 3_600_000),
    metricsPublic: flag(env, 'TIEOUT_METRICS_PUBLIC', false),
    mssqlConfigured: text(env, 'TIEOUT_MSSQL_SERVER') !== undefined,
    evidenceStore,
    ...overrides,
    // Below the data directory as finally configured, unless set.
    runsDir: overrides.runsDir ?? runsDir(env, overrides.dataDir ?? dataDir),
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** Off loopback, bearer tokens would travel in clear text: refuse rather than warn. */
export function assertSafeListen(config: ServerConfig): void {
  if (isLoopback(config.host) || config.tls) return
  throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', {
    file: 'environment',
    detail: `refusing to listen on ${config.host} without TLS: set TIEOUT_TLS_CERT and TIEOUT_TLS_KEY, or listen on 127.0.0.1`,
  })
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

function badEnv(name: string, detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file: 'environment', detail: `${name} ${detail}` })
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badEnv(name, `must be an integer from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function optionalInteger(env: Env, name: string, min: number, max: number): number | null {
  return text(env, name) === undefined ? null : integer(env, name, min, min, max)
}

function runsDir(env: Env, dataDir: string): string {
  const dir = text(env, 'TIEOUT_RUNS_DIR')
  const sharedDataDir = flag(env, 'TIEOUT_EVIDENCE_SHARED_DIR', false)
  if (dir === undefined && text(env, 'TIEOUT_DATABASE_URL') !== undefined && !sharedDataDir) {
    throw badEnv(
      'TIEOUT_RUNS_DIR',
      'must be set when TIEOUT_DATABASE_URL is: a run interrupted on one instance may resume on another, so run folders must be on a folder every instance mounts ' +
        '(or set TIEOUT_EVIDENCE_SHARED_DIR=true when TIEOUT_DATA_DIR itself is such a folder)',
    )
  }
  return resolve(dir ?? resolve(dataDir, 'runs'))
}

function databaseUrl(env: Env): string | null {
  const url = text(env, 'TIEOUT_DATABASE_URL')
  if (url === undefined) return null
  if (!/^postgres(ql)?:\/\//.test(url)) throw badEnv('TIEOUT_DATABASE_URL', 'must be a postgres:// connection string')
  return url
}

/** Letters, digits, `.`, `_` and `-`: it names the instance in logs and in the run records. */
function instanceId(env: Env): string {
  const id = text(env, 'TIEOUT_INSTANCE_ID') ?? 'local'
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw badEnv('TIEOUT_INSTANCE_ID', `must be 1–64 letters, digits, ".", "_" or "-", got "${id}"`)
  return id
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase()
  if (raw === undefined) return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw badEnv(name, `must be true or false, got "${raw}"`)
}

function sourceKind(value: string): DefaultSource {
  if (value === 'demo' || value === 'mssql' || value === 'files') return value
  throw badEnv('TIEOUT_SOURCE', `must be demo, mssql or files, got "${value}"`)
}

function tlsConfig(env: Env): TlsConfig | null {
  const certFile = text(env, 'TIEOUT_TLS_CERT')
  const keyFile = text(env, 'TIEOUT_TLS_KEY')
  if (certFile === undefined && keyFile === undefined) return null
  if (certFile === undefined || keyFile === undefined) {
    throw badEnv('TIEOUT_TLS_CERT/TIEOUT_TLS_KEY', 'must be set together')
  }
  return { certFile: resolve(certFile), keyFile: resolve(keyFile) }
}

function oidcConfig(env: Env): OidcConfig | null {
  const issuer = text(env, 'TIEOUT_OIDC_ISSUER')
  if (issuer === undefined) return null
  const audience = text(env, 'TIEOUT_OIDC_AUDIENCE')
  const jwksUrl = text(env, 'TIEOUT_OIDC_JWKS_URL')
  if (audience === undefined || jwksUrl === undefined) {
    throw badEnv('TIEOUT_OIDC_ISSUER', 'needs TIEOUT_OIDC_AUDIENCE and TIEOUT_OIDC_JWKS_URL as well')
  }
  return { issuer, audience, jwksUrl, roleClaim: text(env, 'TIEOUT_OIDC_ROLE_CLAIM') ?? 'roles', roleMap: roleMap(env) }
}

/** `TIEOUT_OIDC_ROLE_MAP=Finance.Recon.Preparer=preparer,Finance.Recon.Admin=admin`: exact claim values. */
function roleMap(env: Env): Readonly<Record<string, Role>> {
  const raw = text(env, 'TIEOUT_OIDC_ROLE_MAP')
  if (raw === undefined) return OIDC_DEFAULT_ROLE_MAP
  const map: Record<string, Role> = {}
  for (const pair of raw.split(',')) {
    const at = pair.lastIndexOf('=')
    const value = pair.slice(0, at).trim()
    const role = pair.slice(at + 1).trim()
    if (at <= 0 || value === '' || !(ROLES as readonly string[]).includes(role)) {
      throw badEnv('TIEOUT_OIDC_ROLE_MAP', `entry "${pair.trim()}" must be CLAIM_VALUE=ROLE with ROLE one of ${ROLES.join(', ')}`)
    }
    map[value] = role as Role
  }
  return map
}

/** The evidence store from `TIEOUT_EVIDENCE_STORE` and its settings (also read by the CLI). */
export function evidenceStoreConfig(env: Env = process.env): EvidenceStoreConfig {
  const kind = (text(env, 'TIEOUT_EVIDENCE_STORE') ?? 'local').toLowerCase()
  if (kind === 'local') return { kind, sharedDir: flag(env, 'TIEOUT_EVIDENCE_SHARED_DIR', false) }
  if (kind !== 'azure') throw badEnv('TIEOUT_EVIDENCE_STORE', `must be local or azure, got "${kind}"`)
  const connectionString = text(env, 'TIEOUT_AZURE_STORAGE_CONNECTION_STRING')
  if (connectionString === undefined) throw badEnv('TIEOUT_AZURE_STORAGE_CONNECTION_STRING', 'must be set when TIEOUT_EVIDENCE_STORE=azure')
  const container = text(env, 'TIEOUT_AZURE_CONTAINER') ?? DEFAULT_AZURE_CONTAINER
  // Azure's rule for container names.
  if (!/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(container)) {
    throw badEnv('TIEOUT_AZURE_CONTAINER', `"${container}" is not a container name (3 to 63 lower-case letters, digits and single hyphens)`)
  }
  return { kind, connectionString, container }
}

/**
 * Several instances on one database (`TIEOUT_DATABASE_URL`) each read every run's evidence: a
 * data directory of one machine cannot serve them, unless it is a folder they all mount.
 */
function multiInstanceStore(env: Env, store: EvidenceStoreConfig): EvidenceStoreConfig {
  if (text(env, 'TIEOUT_DATABASE_URL') !== undefined && store.kind === 'local' && !store.sharedDir) {
    throw badEnv(
      'TIEOUT_EVIDENCE_STORE',
      'is local (the data directory) while TIEOUT_DATABASE_URL is set: instances sharing a database must share the evidence store; ' +
        'set TIEOUT_EVIDENCE_STORE=azure with TIEOUT_AZURE_STORAGE_CONNECTION_STRING, or TIEOUT_EVIDENCE_SHARED_DIR=true when TIEOUT_DATA_DIR is a folder every instance mounts',
    )
  }
  return store
}

function retryPolicy(env: Env): RetryPolicy | null {
  const names = ['TIEOUT_RETRY_INITIAL_MS', 'TIEOUT_RETRY_FACTOR', 'TIEOUT_RETRY_CAP_MS', 'TIEOUT_RETRY_ATTEMPTS']
  if (names.every((name) => text(env, name) === undefined)) return null
  return {
    initialMs: integer(env, 'TIEOUT_RETRY_INITIAL_MS', DEFAULT_RETRY.initialMs, 0, 3_600_000),
    factor: integer(env, 'TIEOUT_RETRY_FACTOR', DEFAULT_RETRY.factor, 1, 10),
    capMs: integer(env, 'TIEOUT_RETRY_CAP_MS', DEFAULT_RETRY.capMs, 0, 3_600_000),
    maxAttempts: integer(env, 'TIEOUT_RETRY_ATTEMPTS', DEFAULT_RETRY.maxAttempts, 1, 100),
  }
}
