import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../../shared/api/common.ts'
import { loadConfig } from '../../../server/config.ts'
import { createServer } from '../../../server/server.ts'
import { build, ENTITIES, fakeEvidence, reconcileWorkflow, type TestApp } from '../../helper.ts'

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS'

/** A concrete path for a route pattern: `:id` becomes a run id, `*` a file name. */
function concrete(url: string): string[] {
  return url
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (segment === '*' ? 'index.html' : segment.startsWith(':') ? 'run-1' : segment))
}

const encodeFirstLetter = (segment: string) => {
  const at = segment.search(/[a-z]/i)
  return at < 0 ? segment : `${segment.slice(0, at)}%${segment.charCodeAt(at).toString(16)}${segment.slice(at + 1)}`
}
const encodeAll = (segment: string) => [...segment].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')

/** Ways to write the same path that a URL-text check would miss. */
function spellings(segments: readonly string[]): string[] {
  const path = (parts: readonly string[]) => `/${parts.join('/')}`
  const each = (change: (segment: string) => string) => segments.map((_, i) => path(segments.map((s, j) => (i === j ? change(s) : s))))
  return [
    path(segments),
    path(segments.map(encodeFirstLetter)),
    path(segments.map(encodeAll)),
    ...each(encodeFirstLetter),
    `/${path(segments)}`,
    ...segments.map((_, i) => path([...segments.slice(0, i), '', ...segments.slice(i)])),
    `${path(segments)}/`,
    `${path(segments)}//`,
    ...each((s) => `${s};x=1`),
    path(segments.map((s) => s.toUpperCase())),
    path(segments.map((s) => s[0]!.toUpperCase() + s.slice(1))),
    `/.${path(segments)}`,
    ...segments.map((_, i) => path([...segments.slice(0, i), '.', ...segments.slice(i)])),
    `/${segments[0]}/../${segments.join('/')}`,
    `/${segments[0]}/%2e%2e/${segments.join('/')}`,
    path([segments.slice(0, 2).join('%2F'), ...segments.slice(2)]),
  ]
}

const NOT_FOUND = { error: { code: 'TIEOUT_ERR_NOT_FOUND' } }

async function inject(test: TestApp, method: Method, url: string, role?: Role) {
  const headers = role ? test.as(role) : {}
  const payload = method === 'POST' || method === 'PUT' ? {} : undefined
  return test.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
}

describe('access is decided on the matched route', () => {
  it('every registered route × every spelling of its path: 401 without a token, 403 for each role it does not allow', async () => {
    const addinDir = mkdtempSync(join(tmpdir(), 'tieout-addin-'))
    writeFileSync(join(addinDir, 'index.html'), '<html>pane</html>')
    const test = await build({ config: { addinDir } })
    const routes = test.app.routeAccess()
    // The table comes from the app: every /api route and the operations routes are in it.
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/tokens', 'GET /api/me', 'POST /api/runs/:id/cancel', 'GET /metrics', 'HEAD /api/runs']),
    )
    const failures: string[] = []
    let matchedEncoded = 0
    for (const route of routes) {
      if (route.public) continue
      const method = route.method as Method
      const wrongRoles = ROLES.filter((role) => role !== 'admin' && !route.roles?.includes(role))
      const segments = concrete(route.url)
      for (const [index, url] of spellings(segments).entries()) {
        const anonymous = await inject(test, method, url)
        const expected = index <= 1 ? [401] : [401, 404]
        if (!expected.includes(anonymous.statusCode)) failures.push(`${method} ${url} without a token: ${anonymous.statusCode}`)
        if (anonymous.statusCode === 404 && method !== 'HEAD' && !matches(anonymous.json(), NOT_FOUND)) {
          failures.push(`${method} ${url}: 404 body ${anonymous.body}`)
        }
        if (index === 1 && anonymous.statusCode === 401) matchedEncoded++
        for (const role of wrongRoles) {
          const response = await inject(test, method, url, role)
          const allowed = index <= 1 ? [403] : [403, 404]
          if (!allowed.includes(response.statusCode)) failures.push(`${method} ${url} as ${role}: ${response.statusCode}`)
        }
      }
    }
    expect(failures).toEqual([])
    expect(matchedEncoded).toBe(routes.filter((r) => !r.public).length)
    rmSync(addinDir, { recursive: true, force: true })
  })

  it('POST /%61pi/tokens without a token is 401 and issues nothing', async () => {
    const test = await build()
    const response = await test.app.inject({ method: 'POST', url: '/%61pi/tokens', payload: { name: 'x', role: 'admin' } })
    expect(response.statusCode).toBe(401)
    const names = (await test.app.inject({ url: '/api/tokens', headers: test.as('admin') }))
      .json()
      .tokens.map((t: { name: string }) => t.name)
    expect(names).not.toContain('x')
  })

  it('GET /%61pi/me without a token is 401, not a server error', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/%61pi/me' })
    expect(response.statusCode).toBe(401)
    expect(response.json().error.code).toBe('TIEOUT_ERR_UNAUTHENTICATED')
  })

  it('a path no route matches is a plain 404, without a challenge, with or without a token', async () => {
    const test = await build()
    for (const url of ['/api/nothing', '/api/runs/run-1/nothing', '/%61pi/nothing', '/nothing']) {
      const response = await test.app.inject({ url })
      expect(response.statusCode).toBe(404)
      expect(response.headers['www-authenticate']).toBeUndefined()
      expect(response.json().error.code).toBe('TIEOUT_ERR_NOT_FOUND')
    }
  })

  it('health, readiness, the OpenAPI document and the pane are public; everything else names its roles', async () => {
    const addinDir = mkdtempSync(join(tmpdir(), 'tieout-addin-'))
    const test = await build({ config: { addinDir } })
    const open = test.app
      .routeAccess()
      .filter((route) => route.public && route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url}`)
    expect(open.sort()).toEqual(
      ['GET /addin', 'GET /addin/*', 'GET /api/demo/tokens', 'GET /api/openapi.json', 'GET /healthz', 'GET /readyz', 'OPTIONS *'].sort(),
    )
    rmSync(addinDir, { recursive: true, force: true })
  })

  it('the app refuses to start when a route declares neither roles nor public', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tieout-app-'))
    const config = loadConfig({}, { dataDir, demo: true, addinDir: join(dataDir, 'no-addin'), filesRoot: join(dataDir, 'files') })
    const services = { evidence: fakeEvidence(), entities: { list: async () => ENTITIES } }
    const app = await createServer(
      config,
      { services, workflows: [reconcileWorkflow()], engine: { sleep: async () => {} } },
      { logger: false },
    )
    app.get('/api/forgotten', async () => ({ secret: true }))
    try {
      await expect(app.ready()).rejects.toThrow('route GET /api/forgotten declares neither config.roles nor config.public')
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

function matches(actual: unknown, expected: { error: { code: string } }): boolean {
  return typeof actual === 'object' && actual !== null && (actual as typeof expected).error?.code === expected.error.code
}
