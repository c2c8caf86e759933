import { createServer as createHttpServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../../server/config.ts'
import { build } from '../../../helper.ts'

const start = { period: '2025-09', entities: ['EC_NG'] }

describe('auth: API tokens and roles', () => {
  it('a request without a token is 401 with a WWW-Authenticate challenge', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/api/runs' })
    expect(response.statusCode).toBe(401)
    expect(response.headers['www-authenticate']).toBe('Bearer realm="tieout"')
    expect(response.json().error.code).toBe('TIEOUT_ERR_UNAUTHENTICATED')
  })

  it('an unknown token is 401 invalid_token', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/api/runs', headers: { authorization: 'Bearer not-a-token' } })
    expect(response.statusCode).toBe(401)
    expect(response.headers['www-authenticate']).toBe('Bearer realm="tieout", error="invalid_token"')
  })

  it('a token without the route role is 403, before the body is even read', async () => {
    const test = await build()
    const response = await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('auditor'), payload: {} })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.message).toBe('demo-auditor needs the role preparer for POST /api/runs')
  })

  it('admin may do everything', async () => {
    const test = await build()
    const response = await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('admin'), payload: start })
    expect(response.statusCode).toBe(202)
  })

  it('demo mode creates one token per role, and keeps them across restarts', async () => {
    const first = await build()
    const again = await build({ dataDir: first.dataDir })
    expect(Object.keys(first.tokens).sort()).toEqual(['admin', 'auditor', 'preparer', 'reviewer'])
    expect(again.tokens).toEqual(first.tokens) // the same demo tokens after a restart
    const response = await again.app.inject({ url: '/api/runs', headers: first.as('auditor') })
    expect(response.statusCode).toBe(200)
  })

  it('stores only the SHA-256 of a token', async () => {
    const test = await build()
    const rows = await test.app.db.selectFrom('api_tokens').select(['name', 'token_sha256']).execute()
    expect(rows.map((row) => row.token_sha256)).not.toContain(test.tokens.preparer)
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_sha256))).toBe(true)
  })

  it('an admin issues an API token that then authenticates with its role', async () => {
    const test = await build()
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: test.as('admin'),
      payload: { name: 'scheduler', role: 'preparer' },
    })
    expect(created.statusCode).toBe(201)
    const { token } = created.json()
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/runs',
      headers: { authorization: `Bearer ${token}` },
      payload: start,
    })
    expect(response.statusCode).toBe(202)
  })

  it('a revoked API token is 401', async () => {
    const test = await build()
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: test.as('admin'),
      payload: { name: 'bot', role: 'auditor' },
    })
    await test.app.inject({ method: 'DELETE', url: '/api/tokens/bot', headers: test.as('admin') })
    const response = await test.app.inject({ url: '/api/runs', headers: { authorization: `Bearer ${created.json().token}` } })
    expect(response.statusCode).toBe(401)
  })

  it('only admin may issue tokens', async () => {
    const test = await build()
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: test.as('reviewer'),
      payload: { name: 'x', role: 'admin' },
    })
    expect(response.statusCode).toBe(403)
  })

  it('health, readiness and the OpenAPI document need no token', async () => {
    const test = await build()
    expect((await test.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await test.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready', checks: [{ name: 'state store', ok: true }] })
    const openapi = await test.app.inject({ url: '/api/openapi.json' })
    expect(openapi.json().paths).toHaveProperty(['/api/runs/{id}/signoff'])
  })
})

describe('auth: OpenID Connect JWTs', () => {
  const issuer = 'https://login.example.test/tenant/v2.0'
  const audience = 'api://tieout'
  let jwks: Server
  let jwksUrl: string
  let privateKey: CryptoKey

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256')
    privateKey = pair.privateKey
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }
    jwks = createHttpServer((_request, response) => {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ keys: [jwk] }))
    })
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve))
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/keys`
  })

  afterAll(async () => {
    await new Promise((resolve) => jwks.close(resolve))
  })

  const jwt = (claims: JWTPayload = {}, options: { audience?: string; expiresIn?: string | number } = {}) =>
    new SignJWT({ preferred_username: 'ada@example.test', roles: ['Tieout.Preparer'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuer)
      .setAudience(options.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(privateKey)

  const oidcApp = () => build({ config: { oidc: { issuer, audience, jwksUrl, roleClaim: 'roles' } } })

  it('a JWT signed by the issuer key is accepted, with its role and user name', async () => {
    const test = await oidcApp()
    const headers = { authorization: `Bearer ${await jwt()}` }
    const response = await test.app.inject({ method: 'POST', url: '/api/runs', headers, payload: start })
    expect(response.statusCode).toBe(202)
    await test.app.engine.settled(response.json().id)
    const run = await test.app.inject({ url: `/api/runs/${response.json().id}`, headers })
    expect(run.json().preparer).toBe('ada@example.test')
  })

  it('an expired JWT is 401', async () => {
    const test = await oidcApp()
    const expired = await jwt({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 })
    const response = await test.app.inject({ url: '/api/runs', headers: { authorization: `Bearer ${expired}` } })
    expect(response.statusCode).toBe(401)
    expect(response.json().error.message).toBe('invalid token: expired')
  })

  it('a JWT for another audience is 401', async () => {
    const test = await oidcApp()
    const other = await jwt({}, { audience: 'api://someone-else' })
    const response = await test.app.inject({ url: '/api/runs', headers: { authorization: `Bearer ${other}` } })
    expect(response.statusCode).toBe(401)
    expect(response.json().error.message).toBe('invalid token: unexpected "aud" claim value')
  })

  it('a JWT without a Tieout role is 403 on a role-restricted route', async () => {
    const test = await oidcApp()
    const headers = { authorization: `Bearer ${await jwt({ roles: ['Other.App'] })}` }
    const response = await test.app.inject({ method: 'POST', url: '/api/runs', headers, payload: start })
    expect(response.statusCode).toBe(403)
  })

  it('a claim value from another application is not a Tieout role, even when its last part is', async () => {
    const test = await oidcApp()
    for (const roles of [['SomeOtherApp.Admin'], ['Admin'], ['admin'], ['tieout.admin'], ['Tieout.Admin.Extra']]) {
      const headers = { authorization: `Bearer ${await jwt({ roles })}` }
      const response = await test.app.inject({ url: '/api/tokens', headers })
      expect(response.statusCode, roles[0]).toBe(403)
    }
    const admin = { authorization: `Bearer ${await jwt({ roles: ['Tieout.Admin'] })}` }
    expect((await test.app.inject({ url: '/api/tokens', headers: admin })).statusCode).toBe(200)
  })

  it('TIEOUT_OIDC_ROLE_MAP names the exact claim values of each role', async () => {
    const env = { TIEOUT_OIDC_ISSUER: issuer, TIEOUT_OIDC_AUDIENCE: audience, TIEOUT_OIDC_JWKS_URL: jwksUrl }
    const oidc = loadConfig({ ...env, TIEOUT_OIDC_ROLE_MAP: 'Finance.Recon.Reviewer=reviewer, Finance.Recon.Admin=admin' }).oidc
    expect(oidc?.roleMap).toEqual({ 'Finance.Recon.Reviewer': 'reviewer', 'Finance.Recon.Admin': 'admin' })
    expect(() => loadConfig({ ...env, TIEOUT_OIDC_ROLE_MAP: 'Finance.Boss=boss' })).toThrow(
      'TIEOUT_OIDC_ROLE_MAP entry "Finance.Boss=boss" must be CLAIM_VALUE=ROLE',
    )
    const test = await build({ config: { oidc: oidc! } })
    const me = async (roles: string[]) =>
      (await test.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${await jwt({ roles })}` } })).json()
    expect((await me(['Finance.Recon.Reviewer', 'Tieout.Admin'])).roles).toEqual(['reviewer'])
  })
})
