import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../shared/result/types.ts'
import { buildFakeHostScript } from '../support/fake-excel/build-browser.ts'
import { CHROMIUM, launchChromium, paneContext } from './browser.ts'
import { startTieoutServer, type TieoutServer } from './tieout-server.ts'
import { dumpSheet } from './workbook-probe.ts'

/**
 * Reopening a signed-off run from the pane: `POST /api/runs/:id/reopen {reason}` answers
 * `{runId, reopenedBy, at, reason}` and `GET /api/runs/:id` then shows the sign-off with
 * `reopened: {by, at, reason}`. The run is prepared, reviewed and signed off through the API; the
 * reviewer reopens it in the pane.
 */
const ROOT = resolve(import.meta.dirname, '../..')
const SHOTS = join(import.meta.dirname, 'screenshots')
const canRun = existsSync(CHROMIUM) || process.env.CI !== undefined
if (!canRun) console.warn(`Skipping the reopen E2E: ${CHROMIUM} is missing (apt-get install chromium). CI always runs it.`)

describe.skipIf(!canRun)('Excel add-in: a reviewer reopens a signed-off run', () => {
  let work: string
  let server: TieoutServer
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let runId: string

  async function api<T>(role: 'preparer' | 'reviewer', method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.tokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tieout-e2e-reopen-'))
    mkdirSync(SHOTS, { recursive: true })
    await build({
      configFile: join(ROOT, 'addin/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: join(work, 'addin'), emptyOutDir: true },
    })
    const fakeHost = await buildFakeHostScript()
    server = await startTieoutServer(join(work, 'data'), join(work, 'addin'))
    // Prepared by the preparer, every line and row that asks for a review accepted by the reviewer, signed off.
    const started = await api<{ id: string }>('preparer', 'POST', '/api/runs', {
      period: '2025-09',
      entities: ['EC_NG'],
      source: { kind: 'demo', scale: 0.05 },
    })
    runId = started.id
    for (let i = 0; i < 240; i++) {
      const run = await api<{ status: string }>('preparer', 'GET', `/api/runs/${runId}`)
      if (run.status === 'succeeded') break
      if (run.status === 'failed' || run.status === 'cancelled') throw new Error(`run ${runId} ${run.status}`)
      await new Promise((r) => setTimeout(r, 500))
    }
    const result = await api<RunResult>('preparer', 'GET', `/api/runs/${runId}/results`)
    const keys = [
      ...result.bridges.flatMap((b) => b.lines.map((l) => l.key)),
      ...result.tieOut.filter((r) => r.status !== 'OK' && r.status !== 'NO_TV').map((r) => r.key),
      ...result.rollForward.filter((b) => b.status !== 'OK' && b.status !== 'NO_TV').map((b) => b.key),
    ]
    const reviews = keys.map((lineKey) => ({ lineKey, status: 'Accepted', comment: 'Agreed to the source report.' }))
    await api('reviewer', 'PUT', `/api/runs/${runId}/reviews`, { reviews })
    await api('reviewer', 'POST', `/api/runs/${runId}/signoff`, {})
    browser = await launchChromium()
    context = await paneContext(browser, fakeHost)
    page = await context.newPage()
  }, 240_000)

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })

  it('opens the signed-off run, reopens it with a reason, and Sign off is offered again', async () => {
    // The preparer opens the run from the history of its period; the reviewer then finds it in the workbook.
    await page.goto(`${server.url}/addin/index.html`)
    await page.getByLabel('API token').fill(server.tokens.preparer)
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByLabel('Period (month N)').selectOption('2025-09')
    await page.getByRole('button', { name: `Open run ${runId} in the workbook` }).click()
    await page.getByRole('heading', { name: 'Outcome · 2025-09' }).waitFor({ timeout: 60_000 })
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('API token').fill(server.tokens.reviewer)
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('status', { name: 'Sign-off' }).waitFor({ timeout: 60_000 })
    await page.getByRole('button', { name: 'Reopen…' }).click()
    await page.getByLabel(/Why reopen/).fill('FX rate for NGN corrected after sign-off')
    await expect.poll(() => page.getByRole('button', { name: 'Reopen sign-off' }).isEnabled()).toBe(true)
    await shot('10-reopen-reason')
    await page.getByRole('button', { name: 'Reopen sign-off' }).click()
    await page.getByRole('status', { name: 'Reopened', exact: true }).waitFor()
    const text = (await page.getByRole('status', { name: 'Reopened', exact: true }).textContent()) ?? ''
    expect(text).toMatch(/Reopened by demo-reviewer at .*Reason: FX rate for NGN corrected after sign-off/)
    expect(await page.getByRole('button', { name: 'Sign off', exact: true }).isEnabled()).toBe(true)
    const summary = await dumpSheet(page, 'Summary')
    const block = summary.rows.map((row) => String(row[0]))
    expect(block).toContain('Signed off: NOT SIGNED OFF')
    expect(
      block.some(
        (line) => line.startsWith('State: REOPENED by demo-reviewer at ') && line.endsWith('FX rate for NGN corrected after sign-off'),
      ),
    ).toBe(true)
    await shot('11-reopened')
  }, 120_000)
})
