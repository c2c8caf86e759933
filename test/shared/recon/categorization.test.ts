import { describe, expect, it } from 'vitest'
import type { Cr03Row, Ipe08Row, Ipe08UsageRow } from '../../../shared/extracts/rows.ts'
import { type CategorizationContext, categorizeEntry } from '../../../shared/recon/categorization.ts'
import { createVoucherLookup } from '../../../shared/recon/voucher-lookup.ts'
import { lookupUsage, lookupVoucher } from './factories.ts'
import { rowOf, type PlainAmounts } from '../../support/plain-amounts.ts'

/** The worked cases AC-01…AC-18 (the older tool's worked examples), where methodology §5 applies. */
const INT = 'JUMIA/NAV31AFR.BATCH.SRVC'
const IN_SCOPE = ['NG', 'GH', 'KE', 'EG', 'MA', 'CI', 'SN', 'UG', 'DZ']

const entry = (o: Partial<PlainAmounts<Cr03Row>> = {}): Cr03Row =>
  rowOf<Cr03Row>({
    companyCode: 'EC_NG',
    entryNo: 1,
    documentNo: null,
    voucherNo: null,
    postingDate: '2025-09-15',
    documentType: null,
    account: '18412',
    description: null,
    amount: null,
    balAccountType: null,
    userId: null,
    comment: null,
    ...o,
  })

const voucher = (id: string, businessUse: string): Ipe08Row => lookupVoucher({ id, businessUse })

const usageRow = (id: string, businessUse: string): Ipe08UsageRow => lookupUsage({ id, businessUse, totalAmountUsed: 100 })

function context(o: { vouchers?: Ipe08Row[]; usage?: Ipe08UsageRow[]; countries?: string[] } = {}): CategorizationContext {
  return {
    integrationUsers: new Set([INT]),
    countryCodes: new Set(o.countries ?? IN_SCOPE),
    vouchers: createVoucherLookup(o.vouchers ?? [], o.usage ?? []),
  }
}

const shape = (row: Partial<PlainAmounts<Cr03Row>>, ctx = context()) => {
  const { integrationType, category, voucherType } = categorizeEntry(entry(row), ctx)
  return [integrationType, category, voucherType]
}

describe('NAV voucher categorization, worked cases (domain-logic §8.1)', () => {
  it('AC-01 Integration "Refund voucher issued…" at −100 is Issuance / Refund', () => {
    expect(shape({ amount: -10_000, userId: INT, description: 'Refund voucher issued for order 12345' })).toEqual([
      'Integration',
      'Issuance',
      'Refund',
    ])
  })

  it('AC-02 Integration "COMMERCIAL GESTURE…" at −75 is Issuance / Apology', () => {
    expect(shape({ amount: -7_500, userId: INT, description: 'COMMERCIAL GESTURE voucher for customer' })).toEqual([
      'Integration',
      'Issuance',
      'Apology',
    ])
  })

  it('AC-03 Integration "PYT_PF JForce payout voucher" at −200 is Issuance / JForce', () => {
    expect(shape({ amount: -20_000, userId: INT, description: 'PYT_PF JForce payout voucher' })).toEqual([
      'Integration',
      'Issuance',
      'JForce',
    ])
  })

  it('AC-04 user JUMIA\\NAV31AFR.BATCH.SRVC (backslash) is Integration; "RF_…" is Refund', () => {
    expect(shape({ amount: -543_700, userId: 'JUMIA\\NAV31AFR.BATCH.SRVC', description: 'RF_317489956_0925' })).toEqual([
      'Integration',
      'Issuance',
      'Refund',
    ])
  })

  it('AC-05 Manual with Document No_ "NG-SC-2024-001" is Issuance / Store Credit', () => {
    expect(shape({ amount: -15_000, userId: 'USER/03', description: 'Store credit issued', documentNo: 'NG-SC-2024-001' })).toEqual([
      'Manual',
      'Issuance',
      'Store Credit',
    ])
  })

  it('AC-06 Manual "RFN voucher for customer" (INV-001) is Issuance / Refund', () => {
    expect(shape({ amount: -5_000, userId: 'USER/01', description: 'RFN voucher for customer', documentNo: 'INV-001' })).toEqual([
      'Manual',
      'Issuance',
      'Refund',
    ])
  })

  it('AC-07 Manual "Some other voucher issuance" (INV-002) is Issuance with no type', () => {
    expect(shape({ amount: -15_000, userId: 'USER/03', description: 'Some other voucher issuance', documentNo: 'INV-002' })).toEqual([
      'Manual',
      'Issuance',
      null,
    ])
  })

  it('AC-08 a negative Manual bank-account row is Issuance / Refund, not VTC', () => {
    expect(
      shape({ amount: -543_700, userId: 'JUMIA\\ABIR.OUALI', description: 'Customer refund payment', balAccountType: 'Bank Account' }),
    ).toEqual(['Manual', 'Issuance', 'Refund'])
  })

  it('AC-09 a positive Manual bank-account row is VTC / Refund', () => {
    expect(
      shape({ amount: 543_700, userId: 'JUMIA\\ABIR.OUALI', description: 'Customer refund adjustment', balAccountType: 'Bank Account' }),
    ).toEqual(['Manual', 'VTC', 'Refund'])
  })

  // methodology §5 maps the looked-up business_use to the canonical type: `Refund`, not the raw `refund`.
  it('AC-10 Integration usage of V001 (IPE_08 refund) is Usage / Refund', () => {
    const ctx = context({ vouchers: [voucher('V001', 'refund')] })
    expect(shape({ amount: 7_500, userId: INT, description: 'Item price credit applied', voucherNo: 'V001' }, ctx)).toEqual([
      'Integration',
      'Usage',
      'Refund',
    ])
  })

  it('AC-11 Integration "Voucher Accrual reversal" is Cancellation / Apology', () => {
    expect(shape({ amount: 4_500, userId: INT, description: 'Voucher Accrual reversal' })).toEqual([
      'Integration',
      'Cancellation',
      'Apology',
    ])
  })

  it.each([
    ['USER/05', 'EXPR_APLGY voucher expired', 'Apology'],
    ['ADMIN/02', 'EXPR_JFORCE voucher expired', 'JForce'],
    ['USER/06', 'EXPR_STR CRDT voucher expired', 'Store Credit'],
    ['USER/07', 'EXPR-2024-001', null],
  ])('AC-12 Manual %s "%s" is Expired / %s', (userId, description, voucherType) => {
    expect(shape({ amount: 3_000, userId, description })).toEqual(['Manual', 'Expired', voucherType])
  })

  it('AC-13 "Manual RND voucher entry", and "PYT_123 voucher" with Comment "GTB bank transfer", are VTC / Refund', () => {
    expect(shape({ amount: 10_000, userId: 'USER/01', description: 'Manual RND voucher entry' })).toEqual(['Manual', 'VTC', 'Refund'])
    expect(shape({ amount: 15_000, userId: 'USER/02', description: 'PYT_123 voucher', comment: 'GTB bank transfer' })).toEqual([
      'Manual',
      'VTC',
      'Refund',
    ])
  })

  it('AC-14 Manual Document Type "Credit Memo" is Cancellation / Store Credit', () => {
    expect(shape({ amount: 8_500, userId: 'USER/04', description: 'Store credit cancellation', documentType: 'Credit Memo' })).toEqual([
      'Manual',
      'Cancellation',
      'Store Credit',
    ])
  })

  // methodology §5 looks vouchers up by `Voucher No_` only: the reference's Transaction_No fallback on
  // `Document No_` does not exist, so a blank Voucher No_ leaves the type null ("voucher not found").
  it('AC-15 Integration usage with a blank Voucher No_ is Usage with no type', () => {
    const ctx = context({ usage: [usageRow('V001', 'store_credit')] })
    const row = entry({ amount: 7_500, userId: INT, description: 'Item price credit applied', voucherNo: '', documentNo: 'TXN001' })
    expect(categorizeEntry(row, ctx)).toMatchObject({
      integrationType: 'Integration',
      category: 'Usage',
      voucherType: null,
      lookup: 'not-found',
    })
  })

  it('AC-16 Manual "ITEMPRICECREDIT adjustment" of V003 (IPE_08 store_credit) is Usage / Store Credit', () => {
    const ctx = context({ vouchers: [voucher('V003', 'store_credit')] })
    expect(shape({ amount: 6_000, userId: 'USER/08', description: 'ITEMPRICECREDIT adjustment', voucherNo: 'V003' }, ctx)).toEqual([
      'Manual',
      'Usage',
      'Store Credit',
    ])
  })

  it('AC-17 NAV/13, another account, a positive manual row and a zero amount stay uncategorized', () => {
    expect(shape({ amount: 10_000, userId: 'NAV/13', description: 'Test entry' })).toEqual(['Manual', null, null])
    expect(shape({ amount: 10_000, userId: 'USER/01', description: 'Different account', account: '18410' })).toEqual(['Manual', null, null])
    expect(shape({ amount: 4_000, userId: 'USER/09', description: 'Random positive manual' })).toEqual(['Manual', null, null])
    expect(shape({ amount: 0, userId: 'USER/09', description: 'zero amount refund' })).toEqual(['Manual', null, null])
  })

  it('AC-18 an Integration "EXPR_APLGY by batch" row is Usage (rule 3 claims it), not Expired', () => {
    expect(shape({ amount: 1_000, userId: INT, description: 'EXPR_APLGY by batch' })).toEqual(['Integration', 'Usage', null])
  })

  // methodology §5: Store Credit needs an *in-scope* country code; ZA is not one among the known entities.
  it('AC-18 Manual Document No_ "ZA-1" is Store Credit only when ZA is an in-scope country code', () => {
    const row = { amount: -1_000, userId: 'USER/09', description: 'Voucher Ref ZA123', documentNo: 'ZA-1' }
    expect(shape(row)).toEqual(['Manual', 'Issuance', null])
    expect(shape(row, context({ countries: [...IN_SCOPE, 'ZA'] }))).toEqual(['Manual', 'Issuance', 'Store Credit'])
  })
})
