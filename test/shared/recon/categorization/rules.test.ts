import { describe, expect, it } from 'vitest'
import type { Cr03Row, Ipe08Row } from '../../../../shared/extracts/rows.ts'
import {
  type CategorizationContext,
  categorizeEntry,
  createCategorizer,
  normalizeUserId,
  startsWithCountryCode,
} from '../../../../shared/recon/categorization.ts'
import { createVoucherLookup } from '../../../../shared/recon/voucher-lookup.ts'
import { lookupVoucher } from '../factories.ts'
import { rowOf, type PlainAmounts } from '../../../support/plain-amounts.ts'

const INTEGRATION = 'JUMIA/NAV31AFR.BATCH.SRVC'
const COUNTRIES = new Set(['NG', 'GH', 'KE', 'EG', 'MA', 'CI', 'SN', 'UG', 'DZ'])

const entry = (o: Partial<PlainAmounts<Cr03Row>> = {}): Cr03Row =>
  rowOf<Cr03Row>({
    companyCode: 'EC_NG',
    entryNo: 1,
    documentNo: 'INV-001',
    voucherNo: null,
    postingDate: '2025-09-15',
    documentType: 'Payment',
    account: '18412',
    description: 'Some entry',
    amount: 10_000,
    balAccountType: 'G/L Account',
    userId: 'USER/01',
    comment: null,
    ...o,
  })

const voucher = (id: string, businessUse: string | null): Ipe08Row => lookupVoucher({ id, businessUse })

const context = (vouchers: Ipe08Row[] = []): CategorizationContext => ({
  integrationUsers: new Set([INTEGRATION]),
  countryCodes: COUNTRIES,
  vouchers: createVoucherLookup(vouchers, []),
})

const categorize = (o: Partial<PlainAmounts<Cr03Row>>, vouchers: Ipe08Row[] = []) => categorizeEntry(entry(o), context(vouchers))
const manual = (o: Partial<PlainAmounts<Cr03Row>>) => categorize({ userId: 'USER/01', ...o })
const integrated = (o: Partial<PlainAmounts<Cr03Row>>, vouchers: Ipe08Row[] = []) => categorize({ userId: INTEGRATION, ...o }, vouchers)

describe('integration type (methodology §5 "Integration")', () => {
  it.each([
    ['JUMIA/NAV31AFR.BATCH.SRVC', 'Integration'],
    ['jumia\\nav31afr.batch.srvc', 'Integration'],
    ['  Jumia/Nav31afr.Batch.Srvc  ', 'Integration'],
    ['NAV31AFR.BATCH.SRVC', 'Manual'],
    ['JUMIA/NAV13AFR.BATCH.SRVC', 'Manual'],
    ['NAV/13', 'Manual'],
    ['JUMIA\\ABIR.OUALI', 'Manual'],
    ['', 'Manual'],
  ])('User ID "%s" is %s', (userId, expected) => {
    expect(categorize({ userId }).integrationType).toBe(expected)
  })

  it('treats a null User ID as Manual', () => {
    expect(categorize({ userId: null }).integrationType).toBe('Manual')
  })

  it('normalizes a user id: upper-cased, trimmed, \\ read as /', () => {
    expect(normalizeUserId(' jumia\\nav31afr.batch.srvc ')).toBe(INTEGRATION)
  })

  it('gives rows of other accounts an integration type but no category', () => {
    expect(integrated({ account: '18410', amount: -100 })).toMatchObject({ integrationType: 'Integration', category: null, rule: null })
  })
})

describe('scope and amounts (methodology §5, §11 "null amounts")', () => {
  it('categorizes only Chart of Accounts No_ 18412', () => {
    expect(manual({ account: '18410', amount: -100 }).category).toBeNull()
    expect(manual({ account: ' 18412 ', amount: -100 }).category).toBe('Issuance')
  })

  it('leaves a row with Amount = 0 uncategorized', () => {
    expect(manual({ amount: 0, description: 'zero amount refund' })).toMatchObject({ category: null, voucherType: null, rule: null })
  })

  it('matches no rule for a null Amount, even with a bank account balancing', () => {
    expect(manual({ amount: null, balAccountType: 'Bank Account' })).toMatchObject({ category: null, rule: null })
  })
})

describe('rule 1: VTC via bank', () => {
  it('a Manual positive row balanced by a "Bank Account" is VTC / Refund', () => {
    expect(manual({ balAccountType: 'Bank Account' })).toMatchObject({ category: 'VTC', voucherType: 'Refund', rule: 1 })
  })

  it('compares the balancing account type case-insensitively on the trimmed value', () => {
    expect(manual({ balAccountType: '  bank account ' }).rule).toBe(1)
    expect(manual({ balAccountType: 'Bank Accounts' }).rule).toBeNull()
  })

  it('does not apply to Integration rows (they are usage, rule 3)', () => {
    expect(integrated({ balAccountType: 'Bank Account' }).rule).toBe(3)
  })

  it('does not apply to negative amounts: they fall to Issuance (rule 2)', () => {
    expect(manual({ amount: -100, balAccountType: 'Bank Account', description: 'Customer refund' })).toMatchObject({
      category: 'Issuance',
      voucherType: 'Refund',
      rule: 2,
    })
  })

  it('comes before Expired, VTC pattern, cancellation and manual usage', () => {
    const row = { balAccountType: 'Bank Account', description: 'EXPR_APLGY MANUAL RND ITEMPRICECREDIT', documentType: 'Credit Memo' }
    expect(manual(row).rule).toBe(1)
  })
})

describe('rule 2: Issuance subtypes, Integration', () => {
  it.each([
    ['Refund voucher issued', 'Refund'],
    ['RF_317489956_0925', 'Refund'],
    ['Voucher RF 1234', 'Refund'],
    ['COMMERCIAL GESTURE voucher', 'Apology'],
    ['PYT_PF JForce payout', 'JForce'],
    ['RFN voucher', null],
    ['CXP apology', null],
    ['Commercial reasons', null],
    ['Other issuance', null],
  ])('"%s" → %s', (description, voucherType) => {
    expect(integrated({ amount: -100, description })).toMatchObject({ category: 'Issuance', voucherType, rule: 2 })
  })

  it('tests "RF " on the trimmed description: a trailing "RF" is not followed by a space', () => {
    expect(integrated({ amount: -100, description: 'Voucher RF   ' }).voucherType).toBeNull()
  })

  it('matches "RF " followed by more text after other whitespace', () => {
    expect(integrated({ amount: -100, description: ' Voucher RF \t123 ' }).voucherType).toBe('Refund')
  })

  it('checks Refund before Apology before JForce', () => {
    expect(integrated({ amount: -100, description: 'PYT_ COMMERCIAL GESTURE REFUND' }).voucherType).toBe('Refund')
    expect(integrated({ amount: -100, description: 'PYT_ COMMERCIAL GESTURE' }).voucherType).toBe('Apology')
  })

  it('ignores the document number for Integration rows', () => {
    expect(integrated({ amount: -100, documentNo: 'NG-001', description: 'batch' }).voucherType).toBeNull()
  })

  it('gives a null description a null subtype', () => {
    expect(integrated({ amount: -100, description: null })).toMatchObject({ category: 'Issuance', voucherType: null })
  })
})

describe('rule 2: Issuance subtypes, Manual', () => {
  it.each([
    ['NG-001', 'Store Credit'],
    ['KE1', 'Store Credit'],
    ['ng-sc-2024-001', 'Store Credit'],
    ['  EG/2025/9 ', 'Store Credit'],
    ['MAN-001', null],
    ['EGX-1', null],
    ['NG', null],
    ['ZA-1', null],
    ['XNG-1', null],
    ['', null],
  ])('Document No_ "%s" → %s', (documentNo, voucherType) => {
    expect(manual({ amount: -100, documentNo, description: 'Voucher' }).voucherType).toBe(voucherType)
  })

  it('treats a letter from any alphabet as a letter after the code', () => {
    expect(manual({ amount: -100, documentNo: 'NGÉ-1', description: 'Voucher' }).voucherType).toBeNull()
  })

  it('checks Store Credit before the description patterns', () => {
    expect(manual({ amount: -100, documentNo: 'KE-9', description: 'Refund' }).voucherType).toBe('Store Credit')
  })

  it.each([
    ['Customer refund payment', 'Refund'],
    ['RFN voucher for customer', 'Refund'],
    ['rf_123', 'Refund'],
    ['voucher rf 123', 'Refund'],
    ['Commercial reasons', 'Apology'],
    ['CXP voucher', 'Apology'],
    ['Apology voucher', 'Apology'],
    ['PYT_PF payout', 'JForce'],
    ['Some other voucher issuance', null],
  ])('"%s" → %s', (description, voucherType) => {
    expect(manual({ amount: -100, documentNo: 'INV-1', description })).toMatchObject({ category: 'Issuance', voucherType, rule: 2 })
  })

  it('reads a null Document No_ as "" (no Store Credit)', () => {
    expect(manual({ amount: -100, documentNo: null, description: 'x' }).voucherType).toBeNull()
  })
})

describe('startsWithCountryCode', () => {
  it('needs an in-scope code followed by a non-letter', () => {
    expect(startsWithCountryCode('NG-001', COUNTRIES)).toBe(true)
    expect(startsWithCountryCode('KE1', COUNTRIES)).toBe(true)
    expect(startsWithCountryCode('MAN-001', COUNTRIES)).toBe(false)
    expect(startsWithCountryCode('TN-1', COUNTRIES)).toBe(false)
  })
})

describe('rule 3: integrated usage', () => {
  it('a positive Integration row is Usage with the looked-up voucher type', () => {
    expect(integrated({ voucherNo: 'V001' }, [voucher('V001', 'refund')])).toMatchObject({
      category: 'Usage',
      voucherType: 'Refund',
      rule: 3,
      lookup: 'found',
      businessUse: 'refund',
    })
  })

  it('"VOUCHER ACCRUAL" in the description gives Cancellation / Apology, without a lookup', () => {
    expect(integrated({ description: 'Voucher Accrual reversal', voucherNo: 'V001' }, [voucher('V001', 'refund')])).toMatchObject({
      category: 'Cancellation',
      voucherType: 'Apology',
      rule: 3,
      lookup: null,
    })
  })

  it('claims every positive Integration row, even with an EXPR or MANUAL RND description', () => {
    expect(integrated({ description: 'EXPR_APLGY by batch' })).toMatchObject({ category: 'Usage', rule: 3 })
    expect(integrated({ description: 'MANUAL RND', documentType: 'Credit Memo' })).toMatchObject({ category: 'Usage', rule: 3 })
  })

  it('leaves the voucher type null and reports "not-found" when the voucher is in neither extract', () => {
    expect(integrated({ voucherNo: 'V404' })).toMatchObject({ category: 'Usage', voucherType: null, lookup: 'not-found' })
  })

  it('reports a blank Voucher No_ as not found', () => {
    expect(integrated({ voucherNo: '  ' }, [voucher('V001', 'refund')])).toMatchObject({ voucherType: null, lookup: 'not-found' })
  })
})

describe('usage voucher types (methodology §5 "Looked-up type")', () => {
  it.each([
    ['refund', 'Refund'],
    [' REFUND ', 'Refund'],
    ['store_credit', 'Store Credit'],
    ['jpay_store_credit', 'Store Credit'],
    ['jpay_store_credit_gift', 'Store Credit'],
    ['jpay_store_credit_DS', 'Store Credit'],
    ['Jpay store_credit', 'Store Credit'],
    ['apology', 'Apology'],
    ['apology_v2', 'Apology'],
    ['jforce', 'JForce'],
  ])('business_use "%s" maps to %s', (businessUse, voucherType) => {
    expect(integrated({ voucherNo: 'V001' }, [voucher('V001', businessUse)])).toMatchObject({ voucherType, lookup: 'found' })
  })

  it.each([['marketing'], ['store credit'], ['apology_v3'], ['']])('business_use "%s" is unmapped: null type, reported', (businessUse) => {
    expect(integrated({ voucherNo: 'V001' }, [voucher('V001', businessUse)])).toMatchObject({
      category: 'Usage',
      voucherType: null,
      lookup: 'unmapped',
      businessUse,
    })
  })

  it('treats a null business_use as unmapped', () => {
    expect(integrated({ voucherNo: 'V001' }, [voucher('V001', null)])).toMatchObject({ voucherType: null, lookup: 'unmapped' })
  })
})

describe('rule 4: Expired', () => {
  it.each([
    ['EXPR_APLGY voucher', 'Apology'],
    ['expr_jforce voucher', 'JForce'],
    ['EXPR_STR CRDT voucher', 'Store Credit'],
    ['EXPR_STR_CRDT voucher', 'Store Credit'],
    ['EXPR-2024-001', null],
    ['EXPR_APOLOGY', null],
    ['EXPR_STR CREDIT', null],
  ])('"%s" → Expired / %s', (description, voucherType) => {
    expect(manual({ description })).toMatchObject({ category: 'Expired', voucherType, rule: 4 })
  })

  it('needs "EXPR": an "EXP-" description is not Expired', () => {
    expect(manual({ description: 'EXP-2024-001' }).rule).toBeNull()
  })

  it('comes before the VTC pattern and the manual cancellation', () => {
    expect(manual({ description: 'EXPR MANUAL RND', documentType: 'Credit Memo' }).rule).toBe(4)
  })
})

describe('rule 5: VTC pattern', () => {
  it('"MANUAL RND" in the description is VTC / Refund', () => {
    expect(manual({ description: 'Manual RND voucher entry' })).toMatchObject({ category: 'VTC', voucherType: 'Refund', rule: 5 })
  })

  it('"PYT_" with "GTB" in the Comment is VTC / Refund', () => {
    expect(manual({ description: 'PYT_123 voucher', comment: ' gtb bank transfer' })).toMatchObject({ category: 'VTC', rule: 5 })
  })

  it('"PYT_" without "GTB" in the Comment (or without a Comment) is not VTC', () => {
    expect(manual({ description: 'PYT_123 voucher', comment: 'Access bank' }).rule).toBeNull()
    expect(manual({ description: 'PYT_123 voucher', comment: null }).rule).toBeNull()
  })

  it('"GTB" in the description does not replace the Comment', () => {
    expect(manual({ description: 'PYT_123 GTB', comment: null }).rule).toBeNull()
  })

  it('comes before the manual cancellation', () => {
    expect(manual({ description: 'MANUAL RND', documentType: 'Credit Memo' }).rule).toBe(5)
  })
})

describe('rule 6: manual cancellation', () => {
  it('Document Type "Credit Memo" is Cancellation / Store Credit', () => {
    expect(manual({ documentType: ' credit memo ' })).toMatchObject({ category: 'Cancellation', voucherType: 'Store Credit', rule: 6 })
  })

  it('is an equality test, not a substring test', () => {
    expect(manual({ documentType: 'Credit Memo Line' }).rule).toBeNull()
  })

  it('comes before the manual usage', () => {
    expect(manual({ documentType: 'Credit Memo', description: 'ITEMPRICECREDIT' }).rule).toBe(6)
  })
})

describe('rule 7: manual usage', () => {
  it('"ITEMPRICECREDIT" is Usage with the looked-up type', () => {
    const result = categorize({ userId: 'USER/08', description: 'ITEMPRICECREDIT adjustment', voucherNo: 'v003' }, [
      voucher('V003', 'store_credit'),
    ])
    expect(result).toMatchObject({ category: 'Usage', voucherType: 'Store Credit', rule: 7, lookup: 'found' })
  })

  it('does not match "Item price credit" with spaces', () => {
    expect(manual({ description: 'Item price credit applied' }).rule).toBeNull()
  })
})

describe('no rule', () => {
  it('a positive Manual row with no pattern is uncategorized', () => {
    expect(manual({ description: 'Random positive manual' })).toMatchObject({
      integrationType: 'Manual',
      category: null,
      voucherType: null,
      rule: null,
      lookup: null,
    })
  })
})

describe('createCategorizer', () => {
  it('categorizes as categorizeEntry does, whatever the order of repeated users', () => {
    const ctx = context([voucher('V001', 'refund')])
    const categorize = createCategorizer(ctx)
    const rows = [null, INTEGRATION, 'jumia\\nav31afr.batch.srvc', 'USER/01', null, INTEGRATION].flatMap((userId) => [
      entry({ userId, amount: -100, description: 'PYT_', documentNo: 'NG-1' }),
      entry({ userId, amount: 100, voucherNo: 'V001', description: 'ITEMPRICECREDIT' }),
    ])
    for (const row of rows) expect(categorize(row)).toEqual(categorizeEntry(row, ctx))
  })
})
