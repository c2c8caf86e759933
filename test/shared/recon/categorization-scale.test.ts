import { describe, expect, it } from 'vitest'
import type { Cr03Row, Ipe08Row } from '../../../shared/extracts/rows.ts'
import { createCategorizationSummary } from '../../../shared/recon/categorization.ts'
import { createVoucherLookup } from '../../../shared/recon/voucher-lookup.ts'
import { lookupVoucher } from './factories.ts'
import { rowOf, type PlainAmounts } from '../../support/plain-amounts.ts'

const ROWS = 1_000_000
const INT = 'JUMIA/NAV31AFR.BATCH.SRVC'
const USES = ['refund', 'store_credit', 'marketing', 'jforce']

const base: PlainAmounts<Cr03Row> = {
  companyCode: 'EC_NG',
  entryNo: 0,
  documentNo: 'INV-1',
  voucherNo: null,
  postingDate: '2025-09-15',
  documentType: 'Payment',
  account: '18412',
  description: 'entry',
  amount: 0,
  balAccountType: 'G/L Account',
  userId: 'USER/01',
  comment: null,
}

/** Ten shapes, one per rule path; row i takes shape i % 10. */
const SHAPES: Partial<PlainAmounts<Cr03Row>>[] = [
  { userId: INT, amount: -1_000, description: 'RF_1' },
  { amount: -2_000, documentNo: 'NG-1' },
  { userId: INT, amount: 500 },
  { userId: INT, amount: 400, description: 'VOUCHER ACCRUAL' },
  { amount: 300, balAccountType: 'Bank Account' },
  { amount: 200, description: 'EXPR_STR_CRDT' },
  { amount: 150, description: 'MANUAL RND' },
  { amount: 100, documentType: 'Credit Memo' },
  { amount: 0 },
  { account: '18410', amount: 999 },
]

function generatedRow(i: number): Cr03Row {
  const k = Math.floor(i / 10)
  const row = rowOf<Cr03Row>({ ...base, ...SHAPES[i % 10], entryNo: i })
  // Usage rows cycle over 2,000 voucher ids, of which IPE_08 has the first 1,000.
  if (i % 10 === 2) row.voucherNo = `V${k % 2_000}`
  if (i % 10 === 4) row.voucherNo = `R${k % 10}`
  return row
}

const vouchers: Ipe08Row[] = Array.from({ length: 1_000 }, (_, id) => lookupVoucher({ id: `V${id}`, businessUse: USES[id % 4] ?? null }))

describe('categorization at scale', () => {
  it('categorizes 1,000,000 generated CR_03 rows in one pass with exact counts and amounts', () => {
    const summary = createCategorizationSummary({
      integrationUsers: new Set([INT]),
      countryCodes: new Set(['NG']),
      vouchers: createVoucherLookup(vouchers, []),
    })
    for (let i = 0; i < ROWS; i += 1) summary.add(generatedRow(i))
    const result = summary.finish()

    const per = ROWS / 10
    expect(result.counts.map((c) => [c.category, c.voucherType, c.rule, c.count, c.amountLcy])).toEqual([
      ['Issuance', 'Refund', 2, per, -1_000 * per],
      ['Issuance', 'Store Credit', 2, per, -2_000 * per],
      ['Cancellation', 'Apology', 3, per, 400 * per],
      ['Cancellation', 'Store Credit', 6, per, 100 * per],
      ['Usage', 'Refund', 3, per / 8, (500 * per) / 8],
      ['Usage', 'JForce', 3, per / 8, (500 * per) / 8],
      ['Usage', 'Store Credit', 3, per / 8, (500 * per) / 8],
      ['Usage', null, 3, (per * 5) / 8, (500 * per * 5) / 8],
      ['Expired', 'Store Credit', 4, per, 200 * per],
      ['VTC', 'Refund', 1, per, 300 * per],
      ['VTC', 'Refund', 5, per, 150 * per],
      [null, null, null, per, 0],
    ])
    expect(result.otherAccountRows).toBe(per)
    expect(result.uncategorized).toHaveLength(per)
    expect(result.unmappedBusinessUses).toEqual([{ companyCode: 'EC_NG', businessUse: 'marketing', count: per / 8 }])
    expect(result.vouchersNotFound).toHaveLength(1_000)
    expect(result.vouchersNotFound.every((v) => v.count === per / 2_000)).toBe(true)
    expect(result.navMovements.find((m) => m.category === 'Issuance' && m.voucherType === 'Store Credit')?.amountLcy).toBe(2_000 * per)
    expect(result.cancellationOrVtcVouchers.get('EC_NG')?.size).toBe(10)
  })
})
