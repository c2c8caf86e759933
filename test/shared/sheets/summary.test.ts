import { describe, expect, it } from 'vitest'
import { buildSummarySheet } from '../../../shared/sheets/summary.ts'
import { makeReview, makeRunResult } from '../../support/result-fixture.ts'
import { record, rowByKey, rowsWhere } from './lookup.ts'

const NO_REVIEWS = new Map()

describe('Summary sheet', () => {
  it('opens with the title, period, closing date, run id, source and product version', () => {
    const sheet = buildSummarySheet(makeRunResult(), NO_REVIEWS)
    expect(sheet.preamble[0]).toBe('C-PG-1 reconciliation')
    expect(sheet.preamble).toEqual(
      expect.arrayContaining([
        'Period: 2025-09 (closing date 2025-09-30)',
        'Run id: run-2025-09-0001',
        'Source: demo',
        'Product: tieout 0.1.0',
      ]),
    )
  })

  it('shows the EC_NG customer-AR variance and its unexplained USD against the bucket threshold', () => {
    const sheet = buildSummarySheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'tieout|EC_NG|customer-ar'))).toMatchObject({
      Entity: 'EC_NG',
      'Account group': 'Customer AR',
      'GL accounts': '13003, 13004, 13009',
      'Actuals LCY': 48250300.5,
      'TV LCY': 45100000,
      'Variance LCY': 3150300.5,
      'Explained LCY': 0,
      'Unexplained LCY': 3150300.5,
      'FX rate (LCY per USD)': 1530.25,
      'Unexplained USD': 2058.68,
      'Threshold USD': 1000,
      Status: 'INVESTIGATE',
      'Threshold source': 'config/thresholds/DEFAULT.json rule 1',
      Key: 'tieout|EC_NG|customer-ar',
    })
  })

  it('styles an INVESTIGATE group and leaves its review Open until a reviewer acts (SPEC §8)', () => {
    const sheet = buildSummarySheet(makeRunResult(), NO_REVIEWS)
    const row = rowByKey(sheet, 'tieout|EC_NG|customer-ar')
    expect(row.style).toBe('investigate')
    expect(record(sheet, row)['Review status']).toBe('Open')
  })

  it('asks no review of an OK group', () => {
    const sheet = buildSummarySheet(makeRunResult(), NO_REVIEWS)
    const row = rowByKey(sheet, 'tieout|EC_NG|collection-accounts')
    expect(row.style).toBe('normal')
    expect(record(sheet, row)['Review status']).toBeNull()
  })

  it('shows the stored review of an INVESTIGATE group', () => {
    const review = makeReview({ lineKey: 'tieout|EC_NG|customer-ar', status: 'Needs info', comment: 'Ask AR team' })
    const sheet = buildSummarySheet(makeRunResult(), new Map([[review.lineKey, review]]))
    expect(record(sheet, rowByKey(sheet, 'tieout|EC_NG|customer-ar'))).toMatchObject({
      'Review status': 'Needs info',
      Comment: 'Ask AR team',
      Reviewer: 'r.okafor@example.com',
      'Reviewed at (UTC)': '2025-10-06T09:15:00',
    })
  })

  it('a missing FX rate makes the entity’s USD figures empty and its statuses FX_MISSING (SPEC §2)', () => {
    const sheet = buildSummarySheet(makeRunResult(), NO_REVIEWS)
    const row = record(sheet, rowByKey(sheet, 'tieout|JD_GH|customer-ar'))
    expect(row).toMatchObject({ 'Variance LCY': 4000.5, 'FX rate (LCY per USD)': null, 'Unexplained USD': null, Status: 'FX_MISSING' })
    expect(row['Review status']).toBe('Open')
  })

  it('closes each entity with its conclusion: Σ |unexplained USD| against country materiality', () => {
    const sheet = buildSummarySheet(makeRunResult(), NO_REVIEWS)
    const totals = sheet.rows.filter((r) => r.style === 'total')
    expect(totals.map((r) => record(sheet, r))).toMatchObject([
      { Entity: 'EC_NG', 'Unexplained USD': 4088.25, 'Threshold USD': 10000, Status: 'INVESTIGATE' },
      { Entity: 'JD_GH', 'Unexplained USD': null, Status: 'FX_MISSING' },
    ])
    expect(totals.every((r) => r.key === '')).toBe(true)
  })

  it('lists every entity × account group once, entity by entity', () => {
    const sheet = buildSummarySheet(makeRunResult(), NO_REVIEWS)
    expect(rowsWhere(sheet, 'Entity', 'EC_NG')).toHaveLength(8)
    expect(rowsWhere(sheet, 'Entity', 'JD_GH')).toHaveLength(8)
  })

  it('a group whose TV extract was not part of the run shows actuals only, status NO_TV', () => {
    const base = makeRunResult()
    const tieOut = base.tieOut.map((r) =>
      r.key === 'tieout|EC_NG|marketplace-refund-liability'
        ? { ...r, tvLcy: null, varianceLcy: null, unexplainedLcy: null, unexplainedUsd: null, status: 'NO_TV' as const }
        : r,
    )
    const sheet = buildSummarySheet(makeRunResult({ tieOut }), NO_REVIEWS)
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
