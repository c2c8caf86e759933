import { describe, expect, it } from 'vitest'
import { REVIEW_STATUSES } from '../../../shared/sheets/model.ts'
import { buildBridgesSheet } from '../../../shared/sheets/bridges.ts'
import { makeReview, makeRunResult } from '../../support/result-fixture.ts'
import { formulaOf, record, rowByKey } from './lookup.ts'

const NO_REVIEWS = new Map()

describe('Bridges sheet', () => {
  it('lists every line of every bridge with its stable key', () => {
    const result = makeRunResult()
    const { sheet } = buildBridgesSheet(result, NO_REVIEWS)
    const keys = sheet.rows.filter((r) => r.key !== '').map((r) => r.key)
    expect(keys).toEqual(result.bridges.flatMap((b) => b.lines.map((l) => l.key)))
  })

  it('shows a line with bridge, entity, account group, business key, amounts, materiality and detail', () => {
    const { sheet } = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'timing|EC_NG|V-NG-0001'))).toMatchObject({
      Bridge: 'Timing difference',
      Entity: 'EC_NG',
      'Account group': 'Voucher liability',
      'Business key': 'V-NG-0001',
      'Amount LCY': 1200000,
      'Amount USD': 784.19,
      Material: 'Yes',
      Detail: expect.stringMatching(/^Jdash 1,500,000\.00 vs BOB 300,000\.00; voucher created /),
      Key: 'timing|EC_NG|V-NG-0001',
    })
  })

  it('a line without review shows "Open"', () => {
    const { sheet } = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'timing|EC_NG|V-NG-0002'))).toMatchObject({
      'Review status': 'Open',
      Comment: null,
      Reviewer: null,
      'Reviewed at (UTC)': null,
    })
  })

  it('a review from the map appears on its line, carried by the line key', () => {
    const review = makeReview({ lineKey: 'vtc|EC_NG|V-NG-0101', status: 'Explained', comment: 'Refund booked on 2 Oct' })
    const { sheet } = buildBridgesSheet(makeRunResult(), new Map([[review.lineKey, review]]))
    expect(record(sheet, rowByKey(sheet, 'vtc|EC_NG|V-NG-0101'))).toMatchObject({
      'Review status': 'Explained',
      Comment: 'Refund booked on 2 Oct',
      Reviewer: 'r.okafor@example.com',
      'Reviewed at (UTC)': '2025-10-06T09:15:00',
    })
  })

  it('a line whose USD is unknown is empty in USD and material (methodology §11)', () => {
    const { sheet } = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'timing|JD_GH|V-GH-0001'))).toMatchObject({ 'Amount USD': null, Material: 'Yes' })
  })

  it('closes each entity × bridge with a SUBTOTAL over its lines, cached with their sum', () => {
    const { sheet, totals } = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    const totalRows = sheet.rows.filter((r) => r.style === 'total')
    expect(totalRows).toHaveLength(8)
    const first = totalRows[0]
    if (first === undefined) throw new Error('no total')
    expect(record(sheet, first)).toMatchObject({
      Bridge: 'Total Timing difference',
      Entity: 'EC_NG',
      Description: '2 lines',
      'Amount LCY': 1950000,
      'Amount USD': 1274.3,
      'Review status': null,
    })
    // Preamble 4 lines + blank + header = row 6; the two lines are rows 7 and 8, the total row 9.
    expect(formulaOf(sheet, first, 'Amount LCY')).toBe('SUBTOTAL(9,F7:F8)')
    expect(totals.get('timing|EC_NG')).toEqual({ address: 'Bridges!F9', cents: 195_000_000 })
    expect(record(sheet, first).Detail).toContain('material from 500.00 USD')
  })

  it('lists lines and totals only: diagnostics are not rows of the Bridges sheet', () => {
    const { sheet } = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    expect(sheet.rows.every((r) => r.style === 'normal' || r.style === 'total')).toBe(true)
    expect(sheet.rows.some((r) => String(record(sheet, r).Description).includes('Jdash vouchers not among'))).toBe(false)
  })

  it('offers the review statuses as choices; only status and comment are editable; the key is hidden', () => {
    const { sheet } = buildBridgesSheet(makeRunResult(), NO_REVIEWS)
    const status = sheet.columns.find((c) => c.header === 'Review status')
    expect(status?.choices).toEqual(REVIEW_STATUSES)
    expect(sheet.columns.filter((c) => c.review).map((c) => c.header)).toEqual(['Review status', 'Comment'])
    expect(sheet.columns.at(-1)).toMatchObject({ header: 'Key', hidden: true, format: 'id' })
    expect(sheet.protected).toBe(true)
  })
})
