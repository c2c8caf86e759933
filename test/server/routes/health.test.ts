import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import { build, ENTITIES, fakeEvidence, finishedRun } from '../../helper.ts'

describe('operations endpoints', () => {
  it('/readyz is 503 naming the failing injected check', async () => {
    const readiness = [{ name: 'SQL Server', check: async () => Promise.reject(new Error('login failed')) }]
    const test = await build({ wiring: { services: { evidence: fakeEvidence(), entities: { list: async () => ENTITIES }, readiness } } })
    const response = await test.app.inject({ url: '/readyz' })
    expect(response.statusCode).toBe(503)
    expect(response.json().checks).toContainEqual({ name: 'SQL Server', ok: false, message: 'login failed' })
  })

  it('/metrics reports runs by status, step durations and HTTP durations in Prometheus text', async () => {
    const test = await build()
    await finishedRun(test)
    const text = (await test.app.inject({ url: '/metrics', headers: test.as('auditor') })).body
    expect(text).toContain('tieout_runs{status="succeeded"} 1')
    expect(text).toContain('tieout_step_duration_seconds_count{step="compute"} 1')
    expect(text).toContain('# TYPE tieout_step_retries_total counter')
    expect(text).toMatch(/tieout_http_request_duration_seconds_count\{method="POST",route="\/api\/runs",status="202"\} 1/)
  })

  it('/metrics needs an auditor or admin token', async () => {
    const test = await build()
    expect((await test.app.inject({ url: '/metrics' })).statusCode).toBe(401)
    for (const role of ['preparer', 'reviewer'] as const) {
      expect((await test.app.inject({ url: '/metrics', headers: test.as(role) })).statusCode).toBe(403)
    }
    expect((await test.app.inject({ url: '/metrics', headers: test.as('admin') })).body).toContain('# TYPE tieout_runs gauge')
  })

  it('/metrics needs no token with TIEOUT_METRICS_PUBLIC=true', async () => {
    expect(loadConfig({ TIEOUT_METRICS_PUBLIC: 'true' }).metricsPublic).toBe(true)
    const test = await build({ config: { metricsPublic: true } })
    const response = await test.app.inject({ url: '/metrics' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('# TYPE tieout_runs gauge')
  })

  it('/api/openapi.json documents the routes', async () => {
    const test = await build()
    const doc = (await test.app.inject({ url: '/api/openapi.json' })).json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/runs', '/api/runs/{id}', '/api/runs/{id}/reviews', '/api/runs/{id}/events']),
    )
  })

  it('serves the built add-in under /addin/ when addin/dist exists', async () => {
    const addinDir = mkdtempSync(join(tmpdir(), 'tieout-addin-'))
    mkdirSync(addinDir, { recursive: true })
    writeFileSync(join(addinDir, 'taskpane.html'), '<html>Tieout</html>')
    const test = await build({ config: { addinDir } })
    const response = await test.app.inject({ url: '/addin/taskpane.html' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe('<html>Tieout</html>')
  })

  it('sends a person who opens /addin/ to the task pane', async () => {
    const addinDir = mkdtempSync(join(tmpdir(), 'tieout-addin-'))
    writeFileSync(join(addinDir, 'index.html'), '<html>Tieout pane</html>')
    const test = await build({ config: { addinDir } })
    for (const url of ['/addin', '/addin/']) {
      const response = await test.app.inject({ url })
      expect(response.statusCode, url).toBe(302)
      expect(response.headers.location).toBe('/addin/index.html')
    }
  })

  it('answers /addin/ without a build with a page that says how to build it, not a JSON 404', async () => {
    const test = await build({ config: { addinDir: join(tmpdir(), 'tieout-no-addin-build') } })
    for (const url of ['/addin', '/addin/', '/addin/index.html']) {
      const response = await test.app.inject({ url })
      expect(response.statusCode, url).toBe(404)
      expect(response.headers['content-type']).toMatch(/^text\/html/)
      expect(response.body).toContain('npm run build:addin')
    }
  })

  it('CORS allows only the configured add-in origin', async () => {
    const test = await build({ config: { addinOrigin: 'https://addin.example.test' } })
    const preflight = (origin: string) =>
      test.app.inject({ method: 'OPTIONS', url: '/api/runs', headers: { origin, 'access-control-request-method': 'POST' } })
    expect((await preflight('https://addin.example.test')).headers['access-control-allow-origin']).toBe('https://addin.example.test')
    expect((await preflight('https://evil.example.test')).headers['access-control-allow-origin']).toBeUndefined()
  })
})
