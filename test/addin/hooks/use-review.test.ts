import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PutReviewsBody, ReviewEntry } from '../../../shared/api/reviews.ts'
import type { WorkbookModel } from '../../../shared/sheets/model.ts'
import { ApiError } from '../../../addin/api/client.ts'
import type { TieoutApi } from '../../../addin/api/tieout-api.ts'
import type { ReviewChange } from '../../../addin/excel/index.ts'
import { layoutOf } from '../../../addin/excel/layout.ts'
import { readWorkbookRun } from '../../../addin/excel/metadata.ts'
import { writeWorkbook } from '../../../addin/excel/write-workbook.ts'
import { workbookOf } from '../../../addin/hooks/load-run.ts'
import { reopenedNotice, sendReviews, signedOffNotice, signOffRefusal, syncRun } from '../../../addin/hooks/use-review.ts'
import type { LoadedRun } from '../../../addin/state/loaded-run.ts'
import { userEdit, userUnprotect } from '../../support/fake-excel/index.ts'
import { makeRunResult } from '../../support/result-fixture.ts'
import { installFakeExcel, makeWorkbookRun } from '../excel/fake-host.ts'
import { makeRunDetail } from './run-detail.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

const LINE = 'timing|EC_NG|V-NG-0001'
const OTHER_LINE = 'timing|EC_NG|V-NG-0002'

function rowOf(model: WorkbookModel, key: string): number {
  const sheet = model.sheets.find((s) => s.name === 'Bridges')
  if (!sheet) throw new Error('no Bridges sheet')
  return layoutOf(sheet).firstDataRow + sheet.rows.findIndex((row) => row.key === key) + 1
}

function entry(o: Partial<ReviewEntry> = {}): ReviewEntry {
  return {
    lineKey: LINE,
    status: 'Explained',
    comment: '',
    reviewer: 'r.okafor@example.com',
    reviewedAt: '2025-10-06T09:15:00.000Z',
    runId: 'run-2025-09-0001',
    carriedForward: false,
    ...o,
  }
}

/** A server that stores the reviews it is sent, after those `others` saved first. */
function reviewServer(others: readonly ReviewEntry[] = []) {
  const puts: PutReviewsBody[] = []
  const api = {
    baseUrl: 'https://localhost:8750',
    putReviews: async (runId: string, body: PutReviewsBody) => {
      puts.push(body)
      return { runId, saved: body.reviews.length, reviews: [] }
    },
    reviews: async (runId: string) => {
      const sent = puts.flatMap((put) => put.reviews.map((r) => entry({ ...r, reviewedAt: '2025-10-06T10:00:00.000Z' })))
      return { runId, reviews: [...others, ...sent] }
    },
    results: async () => makeRunResult(),
  }
  return { api: api as unknown as TieoutApi, puts }
}

/** The run written into a fresh (fake) workbook, as the pane holds it after writing. */
async function loadedRun(): Promise<{ fake: ReturnType<typeof installFakeExcel>; run: LoadedRun }> {
  const fake = installFakeExcel()
  const result = makeRunResult()
  const detail = makeRunDetail()
  const stored = makeWorkbookRun()
  const model = workbookOf(result, new Map(), detail, stored.writtenAt)
  await writeWorkbook(model, stored)
  return { fake, run: { result, reviews: new Map(), detail, model, stored } }
}

describe('Sync review', () => {
  it('sends the status and comment a reviewer typed and says how many were saved', async () => {
    const { fake, run } = await loadedRun()
    const row = rowOf(run.model, LINE)
    userEdit(fake.state, 'Bridges', `J${row}`, 'Explained')
    userEdit(fake.state, 'Bridges', `K${row}`, 'Booked in October.')
    const { api, puts } = reviewServer()

    const synced = await syncRun(api, run)

    expect(puts).toEqual([{ reviews: [{ lineKey: LINE, status: 'Explained', comment: 'Booked in October.' }] }])
    expect(synced.notice).toMatchObject({
      intent: 'success',
      title: 'Saved 1 review',
      message: 'The sheets show the reviews as stored on the server.',
      items: [`Bridges: ${LINE} → Explained · Booked in October.`],
    })
    expect(synced.run?.reviews.get(LINE)).toMatchObject({ status: 'Explained', comment: 'Booked in October.' })
    expect((await readWorkbookRun())?.reviewsAsOf).toBe('2025-10-06T10:00:00.000Z')
  })

  it('writes reviews saved by others into the sheets and counts them', async () => {
    const { fake, run } = await loadedRun()
    const { api, puts } = reviewServer([entry({ lineKey: OTHER_LINE, status: 'Accepted', reviewer: 'k.mensah@example.com' })])

    const synced = await syncRun(api, run)

    expect(puts).toEqual([])
    expect(synced.notice).toMatchObject({
      intent: 'info',
      title: 'No review changes to send',
      message: '1 review saved by others shown in the sheets.',
    })
    // Column J holds the review status; the sheet's cells are counted from 0.
    expect(fake.state.sheet('Bridges')?.valueAt(rowOf(run.model, OTHER_LINE) - 1, 9)).toBe('Accepted')
  })

  it('refuses to sync when a computed cell was edited, naming the cell, and sends nothing', async () => {
    const { fake, run } = await loadedRun()
    const row = rowOf(run.model, LINE)
    userUnprotect(fake.state, 'Bridges')
    userEdit(fake.state, 'Bridges', `F${row}`, 1)
    userEdit(fake.state, 'Bridges', `J${row}`, 'Accepted')
    const { api, puts } = reviewServer()

    const synced = await syncRun(api, run)

    expect(puts).toEqual([])
    expect(synced.run).toBeNull()
    expect(synced.notice).toMatchObject({
      intent: 'error',
      title: 'Sync refused: only Review status and Comment may change',
      message: expect.stringMatching(/^1 cell differ from what Tieout wrote/),
      items: [`Bridges!F${row} (Amount LCY): 1200000 → 1`],
    })
  })

  it('sends many reviews in requests of at most 5,000', async () => {
    const { api, puts } = reviewServer()
    const changes = Array.from({ length: 12_001 }, (_, i): ReviewChange => ({
      sheet: 'Bridges',
      rowIndex: i,
      lineKey: `timing|EC_NG|V-${i}`,
      status: 'Accepted',
      comment: '',
    }))
    await sendReviews(api, 'run-2025-09-0001', changes)
    expect(puts.map((put) => put.reviews.length)).toEqual([5_000, 5_000, 2_001])
    expect(puts.flatMap((put) => put.reviews).at(-1)?.lineKey).toBe('timing|EC_NG|V-12000')
  })
})

describe('Sign-off', () => {
  it('a refusal with open items lists each in words and says how many are still Open', () => {
    const refusal = signOffRefusal(new ApiError(409, 'TIEOUT_ERR_CONFLICT', 'open items', [LINE, OTHER_LINE]), makeRunResult())
    expect(refusal?.items.map((item) => [item.lineKey, item.entity])).toEqual([
      [LINE, 'EC_NG'],
      [OTHER_LINE, 'EC_NG'],
    ])
    expect(refusal?.notice).toMatchObject({ intent: 'warning', title: 'Sign-off refused: 2 items still Open' })
  })

  it('any other failure is not a refusal for open items', () => {
    expect(signOffRefusal(new ApiError(403, 'TIEOUT_ERR_FORBIDDEN', 'not a reviewer'), makeRunResult())).toBeNull()
    expect(signOffRefusal(new Error('network down'), makeRunResult())).toBeNull()
  })

  it('a sign-off names the reviewer and the minute, in UTC', () => {
    const notice = signedOffNotice({
      runId: 'run-2025-09-0001',
      reviewer: 'r.okafor@example.com',
      comment: '',
      at: '2025-10-06T11:42:17.000Z',
      superseded: false,
      supersededBy: null,
      reopened: null,
    })
    expect(notice).toMatchObject({
      intent: 'success',
      title: 'Run signed off',
      message: 'Signed off by r.okafor@example.com at 2025-10-06 11:42 UTC. The Summary sheet shows it.',
    })
  })

  it('a reopened sign-off gives who, when and why', () => {
    const notice = reopenedNotice({
      runId: 'run-2025-09-0001',
      reopenedBy: 'k.mensah@example.com',
      at: '2025-10-07T08:05:00.000Z',
      reason: 'FX rate corrected',
    })
    expect(notice.message).toBe(
      'Reopened by k.mensah@example.com at 2025-10-07 08:05 UTC: FX rate corrected. Reviews can change again; sign off when done.',
    )
  })
})
