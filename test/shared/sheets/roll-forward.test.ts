import { describe, expect, it } from 'vitest'
import { buildRollForwardSheet } from '../../../shared/sheets/roll-forward.ts'
import { makeReview, makeRunResult } from '../../support/result-fixture.ts'
import { record, rowByKey } from './lookup.ts'

const NO_REVIEWS = new Map()

describe('Roll-forward sheet (18412)', () => {
  it('shows a bucket per entity × category × voucher type with NAV, BOB and variance = NAV − BOB', () => {
    const sheet = buildRollForwardSheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'rollforward|EC_NG|Issuance|Store Credit'))).toMatchObject({
      Entity: 'EC_NG',
      Category: 'Issuance',
      'Voucher type': 'Store Credit',
      'NAV LCY': 5400000,
      'BOB LCY': 3600000,
      'Variance LCY': 1800000,
      'Variance USD': 1176.28,
      'Threshold USD': 1000,
      Status: 'INVESTIGATE',
      'Review status': 'Open',
    })
  })

  it('labels a bucket without voucher type "(none)"', () => {
    const sheet = buildRollForwardSheet(makeRunResult(), NO_REVIEWS)
    expect(record(sheet, rowByKey(sheet, 'rollforward|EC_NG|Cancellation|(none)'))['Voucher type']).toBe('(none)')
  })

  it('styles an INVESTIGATE bucket and carries its review', () => {
    const review = makeReview({ lineKey: 'rollforward|EC_NG|Issuance|Store Credit', status: 'Accepted', comment: 'Q3 campaign' })
    const sheet = buildRollForwardSheet(makeRunResult(), new Map([[review.lineKey, review]]))
    const row = rowByKey(sheet, review.lineKey)
    expect(row.style).toBe('investigate')
    expect(record(sheet, row)).toMatchObject({ 'Review status': 'Accepted', Comment: 'Q3 campaign' })
  })

  it('totals each entity; the USD total is the LCY total ÷ rate, rounded once', () => {
    const sheet = buildRollForwardSheet(makeRunResult(), NO_REVIEWS)
    const totals = sheet.rows.filter((r) => r.style === 'total').map((r) => record(sheet, r))
    expect(totals).toMatchObject([
      { Entity: 'EC_NG', Category: 'Total', 'NAV LCY': 26725000, 'BOB LCY': 24664000, 'Variance LCY': 2061000, 'Variance USD': 1346.84 },
      { Entity: 'JD_GH', Category: 'Total', 'Variance LCY': 500, 'Variance USD': null },
    ])
  })

  it('points to the Evidence sheet for uncategorized rows, unmapped business uses and vouchers not found', () => {
    const sheet = buildRollForwardSheet(makeRunResult(), NO_REVIEWS)
    expect(sheet.preamble.join('\n')).toMatch(/uncategorized 18412 rows.*see Evidence/i)
  })
})
