import { describe, expect, it } from 'vitest'
import { buildBridgesSheet } from '../../../shared/sheets/bridges.ts'
import type { SheetReview } from '../../../shared/sheets/review.ts'
import { buildVarianceSheet } from '../../../shared/sheets/variance.ts'
import { fitsOnePageWide } from '../../../shared/sheets/print.ts'
import type { RunResult } from '../../../shared/result/types.ts'
import { makeReview, makeRunResult } from '../../support/result-fixture.ts'
import { formulaOf, record, rowByKey, rowsWhere } from './lookup.ts'

const NO_REVIEWS = new Map<string, SheetReview>()

function buildTieOutSheet(result: RunResult, reviews: ReadonlyMap<string, SheetReview>) {
  return buildVarianceSheet(result, reviews, buildBridgesSheet(result, reviews).totals)
}

describe('Variance sheet (tie-out)', () => {
  it('opens with what it shows, the period and the run id', () => {
    const sheet = buildTieOutSheet(makeRunResult(), NO_REVIEWS)
    expect(sheet.name).toBe('Variance')
    expect(sheet.preamble[0]).toContain('tie-out')
    expect(sheet.preamble[1]).toBe('Period: 2025-09 (closing date 2025-09-30); run id run-2025-09-0001')
  })

  it('shows the EC_NG customer-AR variance and its unexplained USD against the bucket threshold', () => {
    const sheet = buildTieOutSheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'tieout|EC_NG|customer-ar'))).toMatchObject({
      Entity: 'EC_NG',
      'Account group': 'Customer AR (GL 13003, 13004, 13009; TV IPE_07)',
      'Actuals LCY': 48250300.5,
      'TV LCY': 45100000,
      'Variance LCY': 3150300.5,
      'Explained LCY': 0,
      'Unexplained LCY': 3150300.5,
      Foots: '✓',
      'Unexplained USD': 2058.68,
      'Threshold USD': 1000,
      Status: 'INVESTIGATE',
      Key: 'tieout|EC_NG|customer-ar',
    })
  })

  it('styles an INVESTIGATE group and leaves its review Open until a reviewer acts (methodology §8)', () => {
    const sheet = buildTieOutSheet(makeRunResult(), NO_REVIEWS)
    const row = rowByKey(sheet, 'tieout|EC_NG|customer-ar')
    expect(row.style).toBe('investigate')
    expect(record(sheet, row)['Review status']).toBe('Open')
  })

  it('asks no review of an OK group', () => {
    const sheet = buildTieOutSheet(makeRunResult(), NO_REVIEWS)
    const row = rowByKey(sheet, 'tieout|EC_NG|collection-accounts')
    expect(row.style).toBe('normal')
    expect(record(sheet, row)['Review status']).toBeNull()
  })

  it('shows the stored review of an INVESTIGATE group', () => {
    const review = makeReview({ lineKey: 'tieout|EC_NG|customer-ar', status: 'Needs info', comment: 'Ask AR team' })
    const sheet = buildTieOutSheet(makeRunResult(), new Map([[review.lineKey, review]]))
    expect(record(sheet, rowByKey(sheet, 'tieout|EC_NG|customer-ar'))).toMatchObject({
      'Review status': 'Needs info',
      Comment: 'Ask AR team',
      Reviewer: 'r.okafor@example.com',
      'Reviewed at (UTC)': '2025-10-06T09:15:00',
    })
  })

  it('a missing FX rate makes the entity’s USD figures empty and its statuses FX_MISSING (methodology §2)', () => {
    const sheet = buildTieOutSheet(makeRunResult(), NO_REVIEWS)
    const row = record(sheet, rowByKey(sheet, 'tieout|JD_GH|customer-ar'))
    expect(row).toMatchObject({ 'Variance LCY': 4000.5, 'Unexplained USD': null, Status: 'FX_MISSING' })
    expect(row['Review status']).toBe('Open')
  })

  it('lists every entity × account group once, entity by entity', () => {
    const sheet = buildTieOutSheet(makeRunResult(), NO_REVIEWS)
    expect(rowsWhere(sheet, 'Entity', 'EC_NG')).toHaveLength(7)
    expect(rowsWhere(sheet, 'Entity', 'JD_GH')).toHaveLength(7)
  })

  it('computes variance and unexplained by formula, and explained from the Bridges totals', () => {
    const result = makeRunResult()
    const sheet = buildTieOutSheet(result, NO_REVIEWS)
    const row = rowByKey(sheet, 'tieout|EC_NG|voucher-liability')
    const n = 7 + sheet.rows.indexOf(row)
    expect(formulaOf(sheet, row, 'Variance LCY')).toBe(`-C${n}-D${n}`)
    expect(formulaOf(sheet, row, 'Unexplained LCY')).toBe(`E${n}-F${n}`)
    // Voucher liability is explained by the EC_NG bridges of that group, each a Bridges total.
    const totals = buildBridgesSheet(result, NO_REVIEWS).totals
    const addresses = result.bridges
      .filter((b) => b.companyCode === 'EC_NG' && b.group === 'voucher-liability' && b.sign !== 0)
      .map((b) => totals.get(`${b.bridge}|EC_NG`)?.address)
    expect(addresses.length).toBeGreaterThan(0)
    for (const address of addresses) expect(formulaOf(sheet, row, 'Explained LCY')).toContain(address)
    expect(formulaOf(sheet, row, 'Foots')).toMatch(/^IF\(AND\(ROUND\(E\d+-\(/)
  })

  it('shows ✗ when the explained figure does not equal the bridges behind it', () => {
    const base = makeRunResult()
    const tieOut = base.tieOut.map((r) => (r.key === 'tieout|EC_NG|voucher-liability' ? { ...r, explainedLcy: '1.00' } : r))
    const sheet = buildTieOutSheet(makeRunResult({ tieOut }), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'tieout|EC_NG|voucher-liability')).Foots).toBe('✗')
    expect(record(sheet, rowByKey(sheet, 'tieout|EC_NG|customer-ar')).Foots).toBe('✓')
  })

  it('a review carried from an earlier run says so; a changed amount puts the row back to Open', () => {
    const review: SheetReview = {
      ...makeReview({ lineKey: 'tieout|EC_NG|customer-ar', status: 'Explained', comment: 'AR cut-off' }),
      carriedFrom: { runId: 'run-2025-09-0000', amountLcy: '3150300.50' },
    }
    const same = buildTieOutSheet(makeRunResult(), new Map([[review.lineKey, review]]))
    expect(record(same, rowByKey(same, review.lineKey))).toMatchObject({
      'Review status': 'Explained',
      Comment: 'AR cut-off',
      Reviewer: 'r.okafor@example.com; carried from run run-2025-09-0000, 2025-10-06, amount then 3,150,300.50',
    })
    const changed = { ...review, carriedFrom: { runId: 'run-2025-09-0000', amountLcy: '100.00' } }
    const reset = buildTieOutSheet(makeRunResult(), new Map([[review.lineKey, changed]]))
    expect(record(reset, rowByKey(reset, review.lineKey))).toMatchObject({
      'Review status': 'Open',
      Comment: null,
      Reviewer: 'Reset to Open, amount changed: carried from run run-2025-09-0000, 2025-10-06, amount then 100.00 (Explained)',
    })
  })

  it('a group whose TV extract was not part of the run shows actuals only, status NO_TV', () => {
    const base = makeRunResult()
    const tieOut = base.tieOut.map((r) =>
      r.key === 'tieout|EC_NG|marketplace-refund-liability'
        ? { ...r, tvLcy: null, varianceLcy: null, unexplainedLcy: null, unexplainedUsd: null, status: 'NO_TV' as const }
        : r,
    )
    const sheet = buildTieOutSheet(makeRunResult({ tieOut }), NO_REVIEWS)
    const row = rowByKey(sheet, 'tieout|EC_NG|marketplace-refund-liability')
    expect(record(sheet, row)).toMatchObject({
      'Actuals LCY': -3400000,
      'TV LCY': null,
      'Variance LCY': null,
      Status: 'NO_TV',
      'Review status': null,
    })
  })
})

describe('Variance sheet print width', () => {
  it('fits one page wide at 70 % or more, review columns included', () => {
    const result = makeRunResult()
    expect(fitsOnePageWide(buildTieOutSheet(result, NO_REVIEWS))).toBe(true)
  })
})
