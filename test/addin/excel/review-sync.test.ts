import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import type { WorkbookModel } from '../../../shared/sheets/model.ts'
import { layoutOf } from '../../../addin/excel/layout.ts'
import { scanReviews } from '../../../addin/excel/review-read.ts'
import { withSavedReviews, writeSavedReviews } from '../../../addin/excel/review-mark.ts'
import { writeWorkbook } from '../../../addin/excel/write-workbook.ts'
import { userEdit, userUnprotect } from '../../support/fake-excel/index.ts'
import { makeReview, makeRunResult } from '../../support/result-fixture.ts'
import { installFakeExcel, makeWorkbookRun } from './fake-host.ts'
import { largeBridges } from './large-model.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

const LINE = 'timing|EC_NG|V-NG-0001'

function rowOf(model: WorkbookModel, sheetName: string, key: string): number {
  const sheet = model.sheets.find((s) => s.name === sheetName)
  if (!sheet) throw new Error(sheetName)
  return layoutOf(sheet).firstDataRow + sheet.rows.findIndex((row) => row.key === key) + 1
}

async function written(): Promise<{ fake: ReturnType<typeof installFakeExcel>; model: WorkbookModel }> {
  const fake = installFakeExcel()
  const model = buildWorkbook(makeRunResult(), new Map())
  await writeWorkbook(model, makeWorkbookRun())
  fake.state.resetStats()
  return { fake, model }
}

describe('scanReviews', () => {
  it('reads Summary, Variance and Bridges in one sync and finds the rows a reviewer changed', async () => {
    const { fake, model } = await written()
    const row = rowOf(model, 'Bridges', LINE)
    userEdit(fake.state, 'Bridges', `J${row}`, 'Explained')
    userEdit(fake.state, 'Bridges', `K${row}`, 'Usage delivered on 1 Oct, booked in October.')
    const scan = await scanReviews(model)
    expect(fake.state.syncs).toBe(1)
    expect(scan.problems).toEqual([])
    expect(scan.changes).toEqual([
      expect.objectContaining({
        sheet: 'Bridges',
        lineKey: LINE,
        status: 'Explained',
        comment: 'Usage delivered on 1 Oct, booked in October.',
      }),
    ])
  })

  it('finds nothing to send when only the written values are there', async () => {
    const { model } = await written()
    const scan = await scanReviews(model)
    expect(scan).toMatchObject({ changes: [], problems: [] })
  })

  it('accepts a status typed in another case and sends the canonical status', async () => {
    const { fake, model } = await written()
    userEdit(fake.state, 'Bridges', `J${rowOf(model, 'Bridges', LINE)}`, 'needs info')
    const scan = await scanReviews(model)
    expect(scan.changes.map((c) => c.status)).toEqual(['Needs info'])
  })

  it('refuses an edit of a computed cell made after someone removed the protection', async () => {
    const { fake, model } = await written()
    userUnprotect(fake.state, 'Bridges')
    const row = rowOf(model, 'Bridges', LINE)
    userEdit(fake.state, 'Bridges', `F${row}`, 1)
    userEdit(fake.state, 'Bridges', `J${row}`, 'Accepted')
    const scan = await scanReviews(model)
    expect(scan.problems).toEqual([{ kind: 'edited', address: `Bridges!F${row}`, column: 'Amount LCY', written: '1200000', found: '1' }])
  })

  it('refuses a pasted status that is not a review status', async () => {
    const { fake, model } = await written()
    const row = rowOf(model, 'Bridges', LINE)
    userEdit(fake.state, 'Bridges', `J${row}`, 'Done', 'paste')
    const scan = await scanReviews(model)
    expect(scan.problems).toEqual([expect.objectContaining({ kind: 'invalid-status', address: `Bridges!J${row}`, found: 'Done' })])
  })

  it('trusts protection for sheets too large to read whole, and reads them when unprotected', async () => {
    const fake = installFakeExcel()
    const model = largeBridges(2_000)
    await writeWorkbook(model, makeWorkbookRun())
    const budget = 200_000
    expect((await scanReviews(model, budget)).trustedToProtection).toEqual(['Bridges'])
    userUnprotect(fake.state, 'Bridges')
    userEdit(fake.state, 'Bridges', 'E10', 12)
    const scan = await scanReviews(model, budget)
    expect(scan.trustedToProtection).toEqual([])
    expect(scan.problems.map((p) => p.address)).toEqual(['Bridges!E10'])
  })
})

describe('writeSavedReviews', () => {
  it('shows the reviewer and time the server recorded and protects the sheet again', async () => {
    const { fake, model } = await written()
    const saved = makeReview({ lineKey: LINE, reviewer: 'demo-preparer', reviewedAt: '2025-10-06T09:15:00.000Z' })
    const next = withSavedReviews(model, [saved])
    await writeSavedReviews(next, new Set([LINE]))
    const row = rowOf(model, 'Bridges', LINE)
    const sheet = fake.state.sheet('Bridges')
    const cells = sheet?.read({ row: row - 1, column: 9, rows: 1, columns: 4 })[0]
    expect(cells?.slice(0, 3)).toEqual(['Explained', saved.comment, 'demo-preparer'])
    expect(cells?.[3]).toBeCloseTo(45936.385417, 5)
    expect(sheet?.protection.protected).toBe(true)
    expect((await scanReviews(next)).changes).toEqual([])
  })
})
