import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, finishedRun } from '../../../helper.ts'

describe('security headers', () => {
  it('every response says nosniff and no-referrer, and may not be framed, errors and 404s included', async () => {
    const test = await build()
    const id = await finishedRun(test)
    const responses = [
      await test.app.inject({ url: '/healthz' }),
      await test.app.inject({ url: '/api/runs' }),
      await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') }),
      await test.app.inject({ url: '/api/nothing' }),
      await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: { period: 'x' } }),
    ]
    expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 200, 404, 400])
    for (const response of responses) {
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['referrer-policy']).toBe('no-referrer')
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'")
      expect(response.headers['x-frame-options']).toBe('DENY')
    }
  })

  it('the pane under /addin/ may be framed by the Office hosts and load office.js, nothing else', async () => {
    const addinDir = mkdtempSync(join(tmpdir(), 'tieout-addin-'))
    writeFileSync(join(addinDir, 'index.html'), '<html>pane</html>')
    const test = await build({ config: { addinDir } })
    const response = await test.app.inject({ url: '/addin/index.html' })
    expect(response.statusCode).toBe(200)
    const csp = response.headers['content-security-policy'] as string
    expect(csp).toContain("frame-ancestors 'self' https://*.officeapps.live.com https://*.office.com")
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com")
    expect(response.headers['x-frame-options']).toBeUndefined()
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
  })

  it('a server event stream carries them too', async () => {
    const test = await build()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/events`, headers: test.as('auditor') })
    expect(response.headers['content-type']).toContain('text/event-stream')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
  })
})

describe('files the server writes', () => {
  it('the data directory is owner-only (0700) and every file in it 0600', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'tieout-perm-')), 'data')
    const test = await build({ dataDir })
    await finishedRun(test)
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
    const entries = walk(dataDir)
    expect(entries.map((e) => e.path)).toEqual(expect.arrayContaining(['demo-tokens.json']))
    expect(entries.some((e) => e.path.endsWith('result.json'))).toBe(true)
    const open = entries.filter((e) => (e.mode & 0o077) !== 0).map((e) => `${e.path} ${(e.mode & 0o777).toString(8)}`)
    expect(open).toEqual([])
  })
})

function walk(dir: string, prefix = ''): { path: string; mode: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name
    const mode = statSync(join(dir, entry.name)).mode
    return entry.isDirectory() ? [{ path, mode }, ...walk(join(dir, entry.name), path)] : [{ path, mode }]
  })
}
