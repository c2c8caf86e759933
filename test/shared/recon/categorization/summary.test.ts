import { describe, expect, it } from 'vitest'
import type { Cr03Row, Ipe08Row } from '../../../../shared/extracts/rows.ts'
import {
  type CategorizationContext,
  type CategorizationSummary,
  createCategorizationSummary,
  toCategorizationResult,
} from '../../../../shared/recon/categorization.ts'
import { createVoucherLookup } from '../../../../shared/recon/voucher-lookup.ts'
import { lookupVoucher } from '../factories.ts'
import { rowOf, type PlainAmounts } from '../../../support/plain-amounts.ts'

const INT = 'JUMIA/NAV31AFR.BATCH.SRVC'

const entry = (o: Partial<PlainAmounts<Cr03Row>> = {}): Cr03Row =>
  rowOf<Cr03Row>({
    companyCode: 'EC_NG',
    entryNo: 1,
    documentNo: 'INV-1',
    voucherNo: null,
    postingDate: '2025-09-15',
    documentType: null,
    account: '18412',
    description: null,
    amount: 10_000,
    balAccountType: null,
    userId: 'USER/01',
    comment: null,
    ...o,
  })

const voucher = (o: Partial<PlainAmounts<Ipe08Row>>): Ipe08Row => lookupVoucher(o)

const context = (vouchers: Ipe08Row[] = []): CategorizationContext => ({
  integrationUsers: new Set([INT]),
  countryCodes: new Set(['NG', 'KE']),
  vouchers: createVoucherLookup(vouchers, []),
})

function summarize(rows: Partial<PlainAmounts<Cr03Row>>[], vouchers: Ipe08Row[] = []): CategorizationSummary {
  const summary = createCategorizationSummary(context(vouchers))
  for (const row of rows) summary.add(entry(row))
  return summary.finish()
}

describe('categorization summary (methodology §5, §11)', () => {
  it("returns each row's categorization for the per-row output", () => {
    const summary = createCategorizationSummary(context())
    expect(summary.add(entry({ amount: -100, description: 'Refund' }))).toMatchObject({
      category: 'Issuance',
      voucherType: 'Refund',
      rule: 2,
    })
  })

  it('counts rows per entity × category × voucher type × rule, with their amount', () => {
    const { counts } = summarize([
      { amount: -1_000, description: 'Refund' },
      { amount: -2_500, description: 'RFN' },
      { amount: 700, balAccountType: 'Bank Account' },
      { amount: 300, description: 'MANUAL RND' },
      { companyCode: 'EC_KE', amount: -400, description: 'Refund' },
    ])
    expect(counts).toEqual([
      { companyCode: 'EC_KE', category: 'Issuance', voucherType: 'Refund', rule: 2, count: 1, amountLcy: -400 },
      { companyCode: 'EC_NG', category: 'Issuance', voucherType: 'Refund', rule: 2, count: 2, amountLcy: -3_500 },
      { companyCode: 'EC_NG', category: 'VTC', voucherType: 'Refund', rule: 1, count: 1, amountLcy: 700 },
      { companyCode: 'EC_NG', category: 'VTC', voucherType: 'Refund', rule: 5, count: 1, amountLcy: 300 },
    ])
  })

  it('orders counts by entity, category order, voucher type order (null last), then rule', () => {
    const { counts } = summarize([
      { amount: 100, description: 'nothing' },
      { amount: 100, description: 'EXPR' },
      { amount: 100, description: 'EXPR_APLGY' },
      { amount: -100, description: 'PYT_' },
      { amount: -100, description: 'CXP' },
    ])
    expect(counts.map((line) => [line.category, line.voucherType, line.rule])).toEqual([
      ['Issuance', 'Apology', 2],
      ['Issuance', 'JForce', 2],
      ['Expired', 'Apology', 4],
      ['Expired', null, 4],
      [null, null, null],
    ])
  })

  it('lists uncategorized 18412 rows, including Amount 0 and null, by entity then entry no', () => {
    const { uncategorized, counts } = summarize([
      { entryNo: 9, amount: 0, description: 'zero' },
      { entryNo: 3, amount: null, description: 'no amount' },
      { entryNo: 5, amount: 4_000, description: 'Random positive manual' },
    ])
    expect(uncategorized.map((row) => [row.entryNo, row.amountLcy])).toEqual([
      [3, null],
      [5, 4_000],
      [9, 0],
    ])
    expect(counts).toEqual([{ companyCode: 'EC_NG', category: null, voucherType: null, rule: null, count: 3, amountLcy: 4_000 }])
  })

  it('counts rows of other accounts without listing them', () => {
    const summary = summarize([
      { account: '18410', amount: 100 },
      { account: '13003', amount: -100 },
      { account: null, amount: 5 },
    ])
    expect(summary).toMatchObject({ otherAccountRows: 3, uncategorized: [], counts: [], navMovements: [] })
  })

  it('reports unmapped business uses per entity with their row count', () => {
    const vouchers = [
      voucher({ id: 'V1', businessUse: 'marketing' }),
      voucher({ id: 'V2', businessUse: ' Marketing ' }),
      voucher({ id: 'V3', businessUse: 'loyalty' }),
    ]
    const { unmappedBusinessUses } = summarize(
      [
        { userId: INT, voucherNo: 'V1' },
        { userId: INT, voucherNo: 'V2' },
        { userId: INT, voucherNo: 'V3' },
      ],
      vouchers,
    )
    expect(unmappedBusinessUses).toEqual([
      { companyCode: 'EC_NG', businessUse: 'loyalty', count: 1 },
      { companyCode: 'EC_NG', businessUse: 'marketing', count: 2 },
    ])
  })

  it('reports vouchers not found per entity by normalized voucher no, blank ones as "(blank)"', () => {
    const { vouchersNotFound } = summarize([
      { userId: INT, voucherNo: '12345.0' },
      { userId: INT, voucherNo: ' 12345 ' },
      { userId: 'USER/08', description: 'ITEMPRICECREDIT', voucherNo: 'v9' },
      { userId: INT, voucherNo: null },
    ])
    expect(vouchersNotFound).toEqual([
      { companyCode: 'EC_NG', voucherNo: '(blank)', count: 1 },
      { companyCode: 'EC_NG', voucherNo: '12345', count: 2 },
      { companyCode: 'EC_NG', voucherNo: 'V9', count: 1 },
    ])
  })

  it('keeps vouchers found with a mapped type out of both reports', () => {
    const summary = summarize([{ userId: INT, voucherNo: 'V001' }], [voucher({ id: 'V001', businessUse: 'jforce' })])
    expect(summary).toMatchObject({ unmappedBusinessUses: [], vouchersNotFound: [] })
  })

  // AC-47 (domain-logic §8.5), adjusted to methodology §5: issuance is shown as −Amount, voucher types
  // stay canonical (`Refund`, not `refund`), and there is no `__TOTAL__` row.
  it('AC-47 builds the NAV movement: issuance as −Amount, the others as Amount', () => {
    const { navMovements } = summarize(
      [
        { amount: -100_000, description: 'Refund' },
        { userId: INT, amount: 50_000, voucherNo: 'V001' },
      ],
      [voucher({ id: 'V001', businessUse: 'store_credit' })],
    )
    expect(navMovements).toEqual([
      { companyCode: 'EC_NG', category: 'Issuance', voucherType: 'Refund', amountLcy: 100_000 },
      { companyCode: 'EC_NG', category: 'Usage', voucherType: 'Store Credit', amountLcy: 50_000 },
    ])
  })

  it('sums NAV movement per entity × category × voucher type, with a null type kept apart', () => {
    const { navMovements } = summarize([
      { amount: -100, description: 'Refund' },
      { amount: 30, description: 'Refund', balAccountType: 'Bank Account' },
      { amount: -200, description: 'Refund' },
      { amount: -50, description: 'other' },
      { amount: 40, description: 'EXPR' },
    ])
    expect(navMovements.map((m) => [m.category, m.voucherType, m.amountLcy])).toEqual([
      ['Issuance', 'Refund', 300],
      ['Issuance', null, 50],
      ['Expired', null, 40],
      ['VTC', 'Refund', 30],
    ])
  })

  it('collects per entity the normalized Voucher No_ of rows categorized Cancellation or VTC', () => {
    const { cancellationOrVtcVouchers } = summarize([
      { voucherNo: ' v1 ', balAccountType: 'Bank Account' },
      { voucherNo: '12345.0', description: 'MANUAL RND' },
      { voucherNo: 'V3', documentType: 'Credit Memo' },
      { userId: INT, voucherNo: 'V4', description: 'VOUCHER ACCRUAL' },
      { voucherNo: 'V5', amount: -100 },
      { voucherNo: '', description: 'MANUAL RND' },
      { companyCode: 'EC_KE', voucherNo: 'V6', documentType: 'Credit Memo' },
    ])
    expect(cancellationOrVtcVouchers.get('EC_NG')).toEqual(new Set(['V1', '12345', 'V3', 'V4']))
    expect(cancellationOrVtcVouchers.get('EC_KE')).toEqual(new Set(['V6']))
  })
})

describe('toCategorizationResult', () => {
  it('publishes the listing parts with money as decimal strings', () => {
    const summary = summarize([
      { entryNo: 7, amount: -123_456, description: 'Refund' },
      { entryNo: 8, amount: 5, description: 'Random', documentNo: 'D-8', userId: 'USER/02' },
      { entryNo: 9, amount: null },
      { account: '18410' },
      { userId: INT, voucherNo: 'V404' },
    ])
    expect(toCategorizationResult(summary)).toEqual({
      counts: [
        { companyCode: 'EC_NG', category: 'Issuance', voucherType: 'Refund', rule: 2, count: 1, amountLcy: '-1234.56' },
        { companyCode: 'EC_NG', category: 'Usage', voucherType: null, rule: 3, count: 1, amountLcy: '100.00' },
        { companyCode: 'EC_NG', category: null, voucherType: null, rule: null, count: 2, amountLcy: '0.05' },
      ],
      uncategorized: [
        {
          companyCode: 'EC_NG',
          entryNo: 8,
          documentNo: 'D-8',
          postingDate: '2025-09-15',
          description: 'Random',
          userId: 'USER/02',
          amountLcy: '0.05',
        },
        {
          companyCode: 'EC_NG',
          entryNo: 9,
          documentNo: 'INV-1',
          postingDate: '2025-09-15',
          description: null,
          userId: 'USER/01',
          amountLcy: null,
        },
      ],
      otherAccountRows: 1,
      unmappedBusinessUses: [],
      vouchersNotFound: [{ companyCode: 'EC_NG', voucherNo: 'V404', count: 1 }],
    })
  })
})
