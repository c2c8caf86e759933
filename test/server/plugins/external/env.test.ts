import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../../server/config.ts'
import { build } from '../../../helper.ts'

describe('server configuration', () => {
  it('refuses to listen beyond loopback without TLS, with a clear message', async () => {
    await expect(build({ config: { host: '0.0.0.0' } })).rejects.toThrow(
      'configuration environment: refusing to listen on 0.0.0.0 without TLS: set TIEOUT_TLS_CERT and TIEOUT_TLS_KEY, or listen on 127.0.0.1',
    )
  })

  it('defaults: data dir ./data, 127.0.0.1:8750, concurrency 4, demo with the demo source', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8750,
      engineConcurrency: 4,
      defaultSource: 'demo',
      demo: true,
      tls: null,
      oidc: null,
    })
    expect(config.dataDir).toMatch(/\/data$/)
  })

  it('demo mode is off by default with the SQL Server source', () => {
    expect(loadConfig({ TIEOUT_SOURCE: 'mssql' }).demo).toBe(false)
  })

  it('an unusable value names the variable', () => {
    expect(() => loadConfig({ TIEOUT_PORT: 'eighty' })).toThrow('TIEOUT_PORT must be an integer from 0 to 65535, got "eighty"')
  })

  it('OIDC needs issuer, audience and JWKS URL together', () => {
    expect(() => loadConfig({ TIEOUT_OIDC_ISSUER: 'https://login.example.test' })).toThrow(/TIEOUT_OIDC_AUDIENCE/)
  })
})
