import { describe, expect, it } from 'vitest'
import { build } from '../../../../helper.ts'

describe('GET /api/demo/tokens', () => {
  it('a demo server gives a loopback client the demo token of each role, which then authenticate', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/api/demo/tokens', headers: { host: '127.0.0.1:8750' } })
    expect(response.statusCode).toBe(200)
    const tokens = response.json().tokens as { name: string; role: string; token: string }[]
    expect(tokens.map((t) => `${t.role}:${t.name}`)).toEqual([
      'preparer:demo-preparer',
      'reviewer:demo-reviewer',
      'auditor:demo-auditor',
      'admin:demo-admin',
    ])
    for (const { role, token } of tokens) {
      const me = await test.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })
      expect(me.json().roles).toEqual([role])
    }
  })

  it('still offers them after a restart', async () => {
    const first = await build()
    const again = await build({ dataDir: first.dataDir })
    const tokens = (await again.app.inject({ url: '/api/demo/tokens' })).json().tokens as { role: string; token: string }[]
    expect(Object.fromEntries(tokens.map((t) => [t.role, t.token]))).toEqual(first.tokens)
  })

  it('is a plain 404 for a client elsewhere, for a non-loopback Host name, and without demo mode', async () => {
    const test = await build()
    const remote = await test.app.inject({ url: '/api/demo/tokens', remoteAddress: '10.1.2.3' })
    const rebound = await test.app.inject({ url: '/api/demo/tokens', headers: { host: 'attacker.example:8750' } })
    const production = await (await build({ config: { demo: false } })).app.inject({ url: '/api/demo/tokens' })
    for (const response of [remote, rebound, production]) {
      expect(response.statusCode).toBe(404)
      expect(response.json()).toEqual({ error: { code: 'TIEOUT_ERR_NOT_FOUND', message: 'GET /api/demo/tokens not found' } })
    }
  })
})
