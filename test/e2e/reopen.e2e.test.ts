import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../shared/result/types.ts'
import { CHROMIUM } from './browser.ts'
import { canRunE2e, startPaneSession, type PaneSession } from './pane-session.ts'
import { dumpSheet } from './workbook-probe.ts'

/**
 * Reopening a signed-off run from the pane: `POST /api/runs/:id/reopen {reason}` answers
 * `{runId, reopenedBy, at, reason}` and `GET /api/runs/:id` then shows the sign-off with
 * `reopened: {by, at, reason}`. The run is prepared, reviewed and signed off through the API; the
 * reviewer reopens it in the pane.
 */
const canRun = canRunE2e
if (!canRun) console.warn(`Skipping the reopen E2E: ${CHROMIUM} is missing (apt-get install chromium). CI always runs it.`)

describe.skipIf(!canRun)('Excel add-in: a reviewer reopens a signed-off run', () => {
  let session: PaneSession
  let server: PaneSession['server']
  let page: PaneSession['page']
  let runId: string

  beforeAll(async () => {
    session = await startPaneSession('reopen', async (api) => {
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
    })
    ;({ server, page } = session)
  }, 240_000)

  afterAll(async () => {
    await session?.close()
  })

  const shot = (name: string) => session.shot(name)

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
