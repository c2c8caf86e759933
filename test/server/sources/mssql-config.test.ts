import { describe, expect, it } from 'vitest'
import { describeMssql, mssqlConfigFromEnv, toPoolConfig } from '../../../server/sources/mssql-config.ts'

const SQL_LOGIN = { TIEOUT_MSSQL_SERVER: 'sql01.corp.local', TIEOUT_MSSQL_USER: 'tieout_reader', TIEOUT_MSSQL_PASSWORD: 's3cret' }

function configError(env: Record<string, string>): string {
  try {
    mssqlConfigFromEnv(env)
  } catch (error) {
    return String(error)
  }
  return 'no error'
}

describe('mssqlConfigFromEnv', () => {
  it('fills the defaults: port 1433, the reconciliation database, TLS on, 30-minute queries', () => {
    expect(mssqlConfigFromEnv(SQL_LOGIN)).toEqual({
      server: 'sql01.corp.local',
      port: 1433,
      database: 'AIG_Nav_Jumia_Reconciliation',
      authentication: { type: 'sql', user: 'tieout_reader', password: 's3cret' },
      encrypt: true,
      trustServerCertificate: false,
      poolMax: 4,
      requestTimeoutMs: 1_800_000,
      connectTimeoutMs: 30_000,
      appName: 'tieout',
    })
  })

  it('reads every setting from its TIEOUT_MSSQL_* variable', () => {
    const config = mssqlConfigFromEnv({
      ...SQL_LOGIN,
      TIEOUT_MSSQL_PORT: '14330',
      TIEOUT_MSSQL_DATABASE: 'NAV_BI',
      TIEOUT_MSSQL_ENCRYPT: 'false',
      TIEOUT_MSSQL_TRUST_SERVER_CERTIFICATE: 'true',
      TIEOUT_MSSQL_POOL_MAX: '8',
      TIEOUT_MSSQL_REQUEST_TIMEOUT_MS: '600000',
      TIEOUT_MSSQL_CONNECT_TIMEOUT_MS: '5000',
      TIEOUT_MSSQL_APP_NAME: 'tieout-prod',
    })
    expect(config).toMatchObject({
      port: 14330,
      database: 'NAV_BI',
      encrypt: false,
      trustServerCertificate: true,
      poolMax: 8,
      requestTimeoutMs: 600_000,
      connectTimeoutMs: 5_000,
      appName: 'tieout-prod',
    })
  })

  it('accepts encrypt=strict for TDS 8.0 servers, which refuses any unencrypted connection', () => {
    expect(mssqlConfigFromEnv({ ...SQL_LOGIN, TIEOUT_MSSQL_ENCRYPT: 'strict' }).encrypt).toBe('strict')
  })

  it('supports Windows sign-in through NTLM and Entra ID types', () => {
    expect(mssqlConfigFromEnv({ ...SQL_LOGIN, TIEOUT_MSSQL_AUTH: 'ntlm', TIEOUT_MSSQL_DOMAIN: 'CORP' }).authentication).toEqual({
      type: 'ntlm',
      domain: 'CORP',
      user: 'tieout_reader',
      password: 's3cret',
    })
    expect(
      mssqlConfigFromEnv({ TIEOUT_MSSQL_SERVER: 'x.database.windows.net', TIEOUT_MSSQL_AUTH: 'azure-active-directory-default' })
        .authentication,
    ).toEqual({
      type: 'azure-active-directory-default',
    })
    expect(
      mssqlConfigFromEnv({
        TIEOUT_MSSQL_SERVER: 'x.database.windows.net',
        TIEOUT_MSSQL_AUTH: 'azure-active-directory-service-principal-secret',
        TIEOUT_MSSQL_CLIENT_ID: 'app',
        TIEOUT_MSSQL_CLIENT_SECRET: 'secret',
        TIEOUT_MSSQL_TENANT_ID: 'tenant',
      }).authentication,
    ).toEqual({ type: 'azure-active-directory-service-principal-secret', clientId: 'app', clientSecret: 'secret', tenantId: 'tenant' })
  })

  it('names the variable that is missing or malformed', () => {
    expect(configError({})).toContain('TIEOUT_MSSQL_SERVER is required')
    expect(configError({ TIEOUT_MSSQL_SERVER: 'sql01' })).toContain('TIEOUT_MSSQL_USER is required')
    expect(configError({ ...SQL_LOGIN, TIEOUT_MSSQL_PORT: '14.33' })).toContain('TIEOUT_MSSQL_PORT must be an integer')
    expect(configError({ ...SQL_LOGIN, TIEOUT_MSSQL_ENCRYPT: 'maybe' })).toContain('TIEOUT_MSSQL_ENCRYPT must be true or false')
    expect(configError({ ...SQL_LOGIN, TIEOUT_MSSQL_AUTH: 'kerberos' })).toContain('TIEOUT_MSSQL_AUTH must be one of sql, ntlm')
  })
})

describe('toPoolConfig and describeMssql', () => {
  it('streams rows as arrays and passes the timeouts and pool size to the driver', () => {
    const pool = toPoolConfig(mssqlConfigFromEnv({ ...SQL_LOGIN, TIEOUT_MSSQL_POOL_MAX: '6' }))
    expect(pool).toMatchObject({
      server: 'sql01.corp.local',
      port: 1433,
      arrayRowMode: true,
      requestTimeout: 1_800_000,
      connectionTimeout: 30_000,
      authentication: { type: 'default', options: { userName: 'tieout_reader', password: 's3cret' } },
      options: { encrypt: true, trustServerCertificate: false },
      pool: { max: 6, min: 0 },
    })
  })

  it('describes the connection without the password', () => {
    const text = describeMssql(mssqlConfigFromEnv(SQL_LOGIN))
    expect(text).toBe('mssql: sql01.corp.local:1433/AIG_Nav_Jumia_Reconciliation (sql as tieout_reader)')
    expect(text).not.toContain('s3cret')
  })
})
