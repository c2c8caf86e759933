import { describe, expect, it } from 'vitest'
import type { Ipe31Row } from '../../../../shared/extracts/rows.ts'
import { fxRateOf } from '../../../../shared/fx.ts'
import { parseRuleCatalog } from '../../../../shared/recon/classification/catalog.ts'
import { classifyOpenItems, classifyWithFindings, type ClassifyOptions } from '../../../../shared/recon/classification/classify.ts'
import { shippedConfig } from '../shipped-config.ts'
import { rowOf, type PlainAmounts } from '../../../support/plain-amounts.ts'

const shipped = shippedConfig('config/classification-rules.json')
const catalog = parseRuleCatalog(shipped.json, shipped.file)

const openItem = (o: Partial<PlainAmounts<Ipe31Row>> = {}): Ipe31Row =>
  rowOf<Ipe31Row>({
    companyCode: 'EC_NG',
    eventDate: '2025-09-12T10:00:00',
    cp: 'CP-1',
    transactionType: null,
    relatedEntity: 'R-1',
    amount: 10_000,
    isPrepayment: null,
    source: null,
    entity: null,
    ...o,
  })

const options: ClassifyOptions = { companies: ['EC_NG'], rates: new Map([['EC_NG', fxRateOf('1650')]]) }

const ruleOf = (o: Partial<PlainAmounts<Ipe31Row>>): string => classifyOpenItems([openItem(o)], catalog, options).items[0]?.rule ?? 'none'

describe('default catalog (methodology §7) — acceptance cases of the old tool', () => {
  it.each(['Payment', 'Transfer to', 'Third Party Collection', 'Translist in progress'])('AC-49: %s → CASH_DEPOSITS', (transactionType) => {
    const [item] = classifyOpenItems([openItem({ transactionType })], catalog, options).items
    expect(item).toMatchObject({ rule: 'CASH_DEPOSITS', drAccounts: ['100XX'], crAccounts: ['13011', '13012', '10590'] })
  })

  it.each(['Reallocation From', 'Payment Charges Rev'])('AC-50: %s → CASH_DEPOSITS_CANCEL', (transactionType) => {
    const [item] = classifyOpenItems([openItem({ transactionType })], catalog, options).items
    expect(item).toMatchObject({ rule: 'CASH_DEPOSITS_CANCEL', drAccounts: ['13011', '13012', '10590'], crAccounts: ['100XX'] })
  })

  it.each([
    ['JForce Payout', 'JFORCE_PAYOUTS', ['18307'], ['18412']],
    ['refund', 'REFUNDS', ['100XX', '18412'], ['13005', '18317']],
    ['Sales Credit Memo', 'SALES_CREDIT_MEMOS', ['30101', '30102'], ['13005']],
    ['DELIVERED', 'SALES_DELIVERIES', ['13005'], ['300XX']],
  ])('AC-51: %s → %s', (transactionType, rule, drAccounts, crAccounts) => {
    expect(classifyOpenItems([openItem({ transactionType })], catalog, options).items[0]).toMatchObject({ rule, drAccounts, crAccounts })
  })

  it('AC-52: IS_PREPAYMENT "1" or "true" → PREPAYMENTS', () => {
    expect(ruleOf({ isPrepayment: '1' })).toBe('PREPAYMENTS')
    expect(ruleOf({ isPrepayment: 'True' })).toBe('PREPAYMENTS')
  })

  // AC-52 changed by methodology §11: the old tool compared "1.0" as text and left the item unclassified.
  it('AC-52: IS_PREPAYMENT "1.0" → PREPAYMENTS (the old tool gave null)', () => {
    expect(ruleOf({ isPrepayment: '1.0' })).toBe('PREPAYMENTS')
  })

  it('AC-52: Transaction_Type "Refund" with IS_PREPAYMENT "1" → PREPAYMENTS, earlier in the catalog at the same rank', () => {
    expect(ruleOf({ transactionType: 'Refund', isPrepayment: '1' })).toBe('PREPAYMENTS')
  })

  it('AC-53: Source "SC" + Entity "Account Statement" → SC_ACCOUNT_STATEMENT; "MPL" + "account statement" → SELLER_ACCOUNT_STATEMENTS', () => {
    expect(classifyOpenItems([openItem({ source: 'SC', entity: 'Account Statement' })], catalog, options).items[0]).toMatchObject({
      rule: 'SC_ACCOUNT_STATEMENT',
      drAccounts: ['18314'],
      crAccounts: ['13023'],
    })
    expect(ruleOf({ source: 'MPL', entity: 'account statement' })).toBe('SELLER_ACCOUNT_STATEMENTS')
  })

  it('AC-53: all trigger columns must match: Source "SC" alone is UNCLASSIFIED', () => {
    expect(ruleOf({ source: 'SC' })).toBe('UNCLASSIFIED')
  })

  it('AC-53: "Collection Adjustment (over)" → UNCLASSIFIED', () => {
    expect(classifyOpenItems([openItem({ transactionType: 'Collection Adjustment (over)' })], catalog, options).items[0]).toMatchObject({
      rule: 'UNCLASSIFIED',
      ruleTitle: 'Unclassified',
      drAccounts: [],
      crAccounts: [],
    })
  })

  it('IS_PREPAYMENT "0", "false" or blank never fires a prepayment rule', () => {
    for (const isPrepayment of ['0', 'false', ' ', null]) expect(ruleOf({ isPrepayment })).toBe('UNCLASSIFIED')
  })
})

describe('matching (methodology §7, §11)', () => {
  const custom = parseRuleCatalog(
    {
      version: 1,
      extract: 'IPE_31',
      rules: [
        { key: 'LATE', title: 'Late', rank: 2, triggers: { Transaction_Type: ['Payment'] }, drAccounts: ['1'], crAccounts: ['2'] },
        {
          key: 'FIRST_OF_RANK_1',
          title: 'First',
          rank: 1,
          triggers: { Transaction_Type: ['Payment'], CP: ['CP-1'] },
          drAccounts: ['3'],
          crAccounts: ['4'],
        },
        {
          key: 'SECOND_OF_RANK_1',
          title: 'Second',
          rank: 1,
          triggers: { Transaction_Type: ['payment'] },
          drAccounts: ['5'],
          crAccounts: ['6'],
        },
        { key: 'ON_TYPE', title: 'Type column is not read', rank: 1, triggers: { Type: ['x'] }, drAccounts: [], crAccounts: [] },
      ],
    },
    'custom.json',
  )
  const classify = (o: Partial<PlainAmounts<Ipe31Row>>) => classifyOpenItems([openItem(o)], custom, options).items[0]?.rule

  it('rules are tried by rank, then catalog order; the first match wins', () => {
    expect(classify({ transactionType: 'Payment' })).toBe('FIRST_OF_RANK_1')
    expect(classify({ transactionType: 'PAYMENT', cp: 'CP-2' })).toBe('SECOND_OF_RANK_1')
  })

  it('a trigger on a column the schema does not read never fires', () => {
    expect(classify({ transactionType: 'x' })).toBe('UNCLASSIFIED')
  })

  it('ignores rows of companies outside the run (methodology §11)', () => {
    expect(classifyOpenItems([openItem({ companyCode: 'JM_EG' })], catalog, options).items).toEqual([])
  })
})

describe('classified items and summary', () => {
  it('keys an item by its business columns, numbering repeats in extract order', () => {
    const items = classifyOpenItems(
      [openItem({ transactionType: 'Payment' }), openItem({ transactionType: 'Payment' })],
      catalog,
      options,
    ).items
    expect(items.map((item) => item.key)).toEqual([
      'classification|EC_NG|2025-09-12T10:00:00|CP-1|Payment|R-1',
      'classification|EC_NG|2025-09-12T10:00:00|CP-1|Payment|R-1#2',
    ])
  })

  it('shows the amount in LCY and USD, USD null without a rate', () => {
    const rates = new Map([
      ['EC_NG', fxRateOf('1650')],
      ['JD_GH', null],
    ])
    const items = classifyOpenItems([openItem({ amount: 165_000 }), openItem({ companyCode: 'JD_GH', amount: 100 })], catalog, {
      companies: ['EC_NG', 'JD_GH'],
      rates,
    }).items
    expect(items.map((item) => [item.amountLcy, item.amountUsd])).toEqual([
      ['1650.00', '1.00'],
      ['1.00', null],
    ])
  })

  it('summarises count and amount per entity × rule, USD from the LCY sum', () => {
    const rows = [
      openItem({ transactionType: 'Payment', amount: 8_250 }),
      openItem({ transactionType: 'Transfer', amount: 8_250 }),
      openItem({ transactionType: 'Payment', amount: null }),
      openItem({ transactionType: 'Unknown', amount: 100 }),
    ]
    const summary = classifyOpenItems(rows, catalog, options).summary
    // 82.50 / 1650 = 0.05 per item: rounded once on 165.00 / 1650 = 0.10.
    expect(summary.find((row) => row.rule === 'CASH_DEPOSITS')).toEqual({
      companyCode: 'EC_NG',
      rule: 'CASH_DEPOSITS',
      count: 3,
      amountLcy: '165.00',
      amountUsd: '0.10',
    })
    expect(summary.find((row) => row.rule === 'UNCLASSIFIED')).toMatchObject({ count: 1, amountLcy: '1.00' })
    expect(summary.find((row) => row.rule === 'PAYMENT_RECONCILES')).toMatchObject({ count: 0, amountLcy: '0.00' })
  })

  it('lists every rule for every entity, in evaluation order, UNCLASSIFIED last', () => {
    const summary = classifyOpenItems([], catalog, options).summary
    expect(summary.map((row) => row.rule)).toEqual([...catalog.rules.map((rule) => rule.key), 'UNCLASSIFIED'])
  })

  it('classifyWithFindings adds the catalog findings for the columns the extract had', () => {
    const result = classifyWithFindings([], catalog, { ...options, availableColumns: ['ID_Company', 'Transaction_Type', 'Amount'] })
    expect(result.catalogFindings.filter((finding) => finding.kind === 'missing-columns').map((finding) => finding.rule)).toEqual([
      'PREPAYMENTS',
      'SC_ACCOUNT_STATEMENT',
      'SELLER_ACCOUNT_STATEMENTS',
      'PREPAID_DELIVERIES',
    ])
  })
})
