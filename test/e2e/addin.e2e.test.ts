import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM, paneContext } from './browser.ts'
import { canRunE2e, SHOTS, startPaneSession, type PaneSession } from './pane-session.ts'
import { dumpSheet, headerIndex, typeInto } from './workbook-probe.ts'

const RUN_TIMEOUT = 120_000
const canRun = canRunE2e
if (!canRun) console.warn(`Skipping the add-in E2E: ${CHROMIUM} is missing (apt-get install chromium). CI always runs it.`)

/** Bridges columns (shared/sheets/bridges.ts): J = Review status, K = Comment, N = hidden key. */
const BRIDGES = { material: 7, status: 'J', comment: 'K', key: 13 } as const

describe.skipIf(!canRun)('Excel add-in, end to end in Chromium with the fake Excel host', () => {
  let session: PaneSession
  let server: PaneSession['server']
  let browser: PaneSession['browser']
  let context: PaneSession['context']
  let page: PaneSession['page']

  beforeAll(async () => {
    session = await startPaneSession('addin')
    ;({ server, browser, context, page } = session)
  }, 180_000)

  afterAll(async () => {
    await session?.close()
  })

  const shot = (name: string) => session.shot(name)

  async function signIn(role: 'preparer' | 'reviewer'): Promise<void> {
    await page.getByLabel('API token').fill(server.tokens[role])
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
  }

  it('says to open it from Excel when office.js is not there', async () => {
    const bare = await paneContext(browser, null)
    const outside = await bare.newPage()
    await outside.goto(`${server.url}/addin/index.html`)
    await outside.getByText('Open Tieout from Excel').waitFor()
    await outside.screenshot({ path: join(SHOTS, '00-outside-excel.png') })
    await bare.close()
  })

  it(
    'a preparer reconciles 2025-09 for EC_NG into the workbook',
    async () => {
      await page.goto(`${server.url}/addin/index.html`)
      await page.getByRole('button', { name: 'Sign in with token' }).waitFor()
      await shot('01-sign-in')
      await signIn('preparer')
      await page.getByLabel('Period (month N)').selectOption('2025-09')
      await page.getByRole('checkbox', { name: /EC_NG/ }).check()
      await page.getByLabel('Demo scale').fill('0.05')
      await shot('02-new-run')
      // The demo run takes a second or two: hold its results until the progress screen is captured.
      let release = (): void => undefined
      const held = new Promise<void>((resolve) => (release = resolve))
      await context.route('**/api/runs/*/results', async (route) => {
        await held
        await route.continue()
      })
      await page.getByRole('button', { name: 'Reconcile', exact: true }).click()
      await page.getByText(/Writing the result sheets/).waitFor({ timeout: RUN_TIMEOUT })
      await page.getByRole('list', { name: 'Steps' }).waitFor()
      await shot('03-progress')
      release()
      await page.getByRole('heading', { name: 'Outcome · 2025-09' }).waitFor({ timeout: RUN_TIMEOUT })
      await shot('04-outcome')

      const summary = await dumpSheet(page, 'Summary')
      expect(summary.names).toEqual(['Sheet1', 'Summary', 'Variance', 'Roll-forward', 'Bridges', 'Classification', 'Evidence'])
      expect(summary.rows.map((row) => row[0])).toContain('Signed off: NOT SIGNED OFF')
      const variance = await dumpSheet(page, 'Variance')
      const header = headerIndex(variance, 'Entity')
      const groups = variance.rows
        .slice(header + 1)
        .filter((row) => row[0] === 'EC_NG')
        .map((row) => String(row[1]).replace(/ \(GL .*$/, ''))
      expect(groups).toEqual(expect.arrayContaining(['Collection accounts', 'Customer AR', 'Voucher liability']))

      const bridges = await dumpSheet(page, 'Bridges')
      const keys = bridges.rows.map((row) => String(row[BRIDGES.key] ?? '')).filter((key) => key.includes('|EC_NG|'))
      expect(keys.length).toBeGreaterThan(0)
      expect(keys.every((key) => /^(timing|vtc|posting-group|business-line)\|EC_NG\|./.test(key))).toBe(true)
      await page
        .getByText(/account groups to investigate|No account group above its threshold/)
        .first()
        .waitFor()
      expect(await page.getByText('Σ').count()).toBe(0)
      // A preparer is told why Sync review and Sign off are not offered.
      await page.getByText(/Sync review and Sign off are for reviewers; you are signed in as preparer/).waitFor()
    },
    RUN_TIMEOUT + 30_000,
  )

  it('a preparer is not offered Sync review; the reviewer syncs, then signs off once no item is Open', async () => {
    const bridges = await dumpSheet(page, 'Bridges')
    const lineRows = bridges.rows.flatMap((row, index) => (String(row[BRIDGES.key] ?? '').includes('|EC_NG|') ? [index + 1] : []))
    const first = lineRows[0] as number
    await typeInto(page, 'Bridges', `${BRIDGES.status}${first}`, 'Explained')
    await typeInto(page, 'Bridges', `${BRIDGES.comment}${first}`, 'Checked against the Jdash export of 3 Oct.')
    expect(await page.getByRole('button', { name: 'Sync review' }).count()).toBe(0)
    await shot('05-preparer-not-offered')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await signIn('reviewer')
    await page.getByRole('heading', { name: 'Review and sign-off' }).waitFor()
    await page.getByRole('button', { name: 'Sync review' }).click()
    await page.getByText('Saved 1 review').waitFor()
    await shot('06-reviewer-synced')
    const afterSync = await dumpSheet(page, 'Bridges')
    expect(afterSync.rows[first - 1]?.slice(9, 12)).toEqual(['Explained', 'Checked against the Jdash export of 3 Oct.', 'demo-reviewer'])

    await page.getByRole('button', { name: 'Sign off' }).click()
    const openList = page.getByRole('list', { name: 'Open items' })
    const material = afterSync.rows.filter(
      (row) => String(row[BRIDGES.key] ?? '').includes('|EC_NG|') && row[BRIDGES.material] === 'Yes' && row[9] === 'Open',
    )
    await openList.waitFor()
    await page.getByText(/Sign-off refused/).waitFor()
    await shot('07-signoff-refused')
    const openItems = await openList.getByRole('listitem').allTextContents()
    // Every material bridge line still Open is listed, beside the INVESTIGATE groups and buckets.
    expect(
      openItems.filter((item) => /^(Timing difference|VTC adjustment|Customer posting group|Business-line reclass) · /.test(item)),
    ).toHaveLength(material.length)
    // Each item in words: what it is · entity · business key · amount USD, then its description.
    for (const item of openItems) expect(item).toMatch(/^[^·]+ · EC_NG · [^·]+ · ([-\d,.]+ USD|USD unknown)/)
    // "Show" selects the item's row; the reviewer closes each one in the sheet that holds it.
    const shows = openList.getByRole('button', { name: /^Show / })
    for (let i = 0; i < (await shows.count()); i += 1) {
      await shows.nth(i).click()
      const selection = await page.evaluate(() => (window as unknown as { __fakeWorkbook: { selection: string } }).__fakeWorkbook.selection)
      const [, sheet, row] = /^'?(.+?)'?!A(\d+):/.exec(selection) ?? []
      expect(sheet, `item ${i + 1} selects a row`).toBeDefined()
      const dump = await dumpSheet(page, sheet as string)
      const header = dump.rows.find((cells) => cells.includes('Review status')) ?? []
      const column = String.fromCharCode(65 + header.indexOf('Review status'))
      await typeInto(page, sheet as string, `${column}${row}`, 'Accepted')
    }
    await page.getByRole('button', { name: 'Sync review' }).click()
    await page.getByText(`Saved ${openItems.length} review`).waitFor()
    await page.getByRole('button', { name: 'Sign off' }).click()
    await page.getByText('Run signed off').waitFor()
    await shot('08-signed-off')
  }, 60_000)

  it('shows the signed-off state: who and when with the hashes, Sign off disabled, the Summary block and the history badge', async () => {
    const status = page.getByRole('status', { name: 'Sign-off' })
    await status.waitFor()
    const text = (await status.textContent()) ?? ''
    expect(text).toMatch(/Signed off by demo-reviewer at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)
    expect(text).toMatch(/Manifest SHA-256 [0-9a-f]{64}/)
    expect(await page.getByRole('button', { name: 'Signed off' }).isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'Sync review' }).isDisabled()).toBe(true)
    await page.getByRole('button', { name: 'Reopen…' }).waitFor()
    const summary = await dumpSheet(page, 'Summary')
    const block = summary.rows.map((row) => String(row[0]))
    expect(block.some((line) => /^Signed off by: demo-reviewer at /.test(line))).toBe(true)
    expect(block).toContain('State: signed off, locked')
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.getByText('signed off', { exact: true }).first().waitFor()
    await shot('09-signed-off-state')
  })

  it('downloads the evidence package', async () => {
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download evidence (.zip)' }).click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^tieout-evidence-.+\.zip$/)
    expect(statSync(await file.path()).size).toBeGreaterThan(1_000)
  })
})
