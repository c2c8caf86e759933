import { describe, expect, it } from 'vitest'
import { REVIEW_STATUSES } from '../../../shared/sheets/model.ts'
import { buildBridgesSheet } from '../../../shared/sheets/bridges.ts'
import { makeReview, makeRunResult } from '../../support/result-fixture.ts'
import { record, rowByKey } from './lookup.ts'

const NO_REVIEWS = new Map()

describe('Bridges sheet', () => {
  it('lists every line of every bridge with its stable key', () => {
    const result = makeRunResult()
    const sheet = buildBridgesSheet(result, NO_REVIEWS)
    const keys = sheet.rows.filter((r) => r.key !== '').map((r) => r.key)
    expect(keys).toEqual(result.bridges.flatMap((b) => b.lines.map((l) => l.key)))
  })

  it('shows a line with bridge, entity, account group, business key, amounts, materiality and detail', () => {
    const sheet = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'timing|EC_NG|V-NG-0001'))).toMatchObject({
      Bridge: 'Timing difference',
      Entity: 'EC_NG',
      'Account group': 'Voucher liability',
      'Business key': 'V-NG-0001',
      'Amount LCY': 1200000,
      'Amount USD': 784.19,
      Material: 'Yes',
      Detail: 'voucher id: v-ng-0001; business use: refund; ipe08 amount used: 300000.00; jdash amount used: 1500000.00',
      Key: 'timing|EC_NG|V-NG-0001',
    })
  })

  it('a line without review shows "Open"', () => {
    const sheet = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'timing|EC_NG|V-NG-0002'))).toMatchObject({
      'Review status': 'Open',
      Comment: null,
      Reviewer: null,
      'Reviewed at (UTC)': null,
    })
  })

  it('a review from the map appears on its line, carried by the line key', () => {
    const review = makeReview({ lineKey: 'vtc|EC_NG|V-NG-0101', status: 'Explained', comment: 'Refund booked on 2 Oct' })
    const sheet = buildBridgesSheet(makeRunResult(), new Map([[review.lineKey, review]]))
    expect(record(sheet, rowByKey(sheet, 'vtc|EC_NG|V-NG-0101'))).toMatchObject({
      'Review status': 'Explained',
      Comment: 'Refund booked on 2 Oct',
      Reviewer: 'r.okafor@example.com',
      'Reviewed at (UTC)': '2025-10-06T09:15:00',
    })
  })

  it('a line whose USD is unknown is empty in USD and material (SPEC §11)', () => {
    const sheet = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'timing|JD_GH|V-GH-0001'))).toMatchObject({ 'Amount USD': null, Material: 'Yes' })
  })

  it('closes each entity × bridge with a total that counts the zero-difference lines', () => {
    const sheet = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    const totals = sheet.rows.filter((r) => r.style === 'total').map((r) => record(sheet, r))
    expect(totals).toHaveLength(8)
    expect(totals[0]).toMatchObject({
      Bridge: 'Timing difference',
      Entity: 'EC_NG',
      Description: 'Total: 2 lines listed, 12 with zero difference counted, not listed',
      'Amount LCY': 1950000,
      'Amount USD': 1274.3,
      'Review status': null,
    })
    expect(totals[0]?.Detail).toContain('line-item threshold USD: 500.00')
  })

  it('reports a diagnostic as a section row whose amount is not in the amount column', () => {
    const sheet = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    const diagnostics = sheet.rows.filter((r) => r.style === 'section').map((r) => record(sheet, r))
    expect(diagnostics).toEqual([
      expect.objectContaining({
        Bridge: 'Timing difference',
        Description: 'Diagnostic: Jdash vouchers not among in-scope vouchers',
        Detail: 'count: 3; amount LCY: 45000.00',
        'Amount LCY': null,
      }),
    ])
  })

  it('offers the review statuses as choices; only status and comment are editable; the key is hidden', () => {
    const sheet = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    const status = sheet.columns.find((c) => c.header === 'Review status')
    expect(status?.choices).toEqual(REVIEW_STATUSES)
    expect(sheet.columns.filter((c) => c.review).map((c) => c.header)).toEqual(['Review status', 'Comment'])
    expect(sheet.columns.at(-1)).toMatchObject({ header: 'Key', hidden: true, format: 'id' })
    expect(sheet.protected).toBe(true)
  })
})
