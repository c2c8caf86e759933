import { describe, expect, it } from 'vitest'
import { evaluationOrder, parseRuleCatalog } from '../../../../shared/recon/classification/catalog.ts'
import { shippedConfig } from '../shipped-config.ts'

const shipped = shippedConfig('config/classification-rules.json')
const catalog = parseRuleCatalog(shipped.json, shipped.file)

type RuleJson = Record<string, unknown>
const rule = (o: RuleJson = {}): RuleJson => ({
  key: 'R',
  title: 'Rule',
  rank: 1,
  triggers: { Transaction_Type: ['Payment'] },
  drAccounts: ['1'],
  crAccounts: ['2'],
  ...o,
})
const parse = (rules: RuleJson[]) => parseRuleCatalog({ version: 1, extract: 'IPE_31', rules }, 'rules.json')

describe('shipped rule catalog (methodology §7)', () => {
  it('holds the default rules in the methodology order with their ranks', () => {
    expect(catalog.rules.map((r) => `${r.key}:${r.rank}`)).toEqual([
      'CASH_DEPOSITS:1',
      'SALES_DELIVERIES:1',
      'CASH_DEPOSITS_CANCEL:2',
      'JFORCE_PAYOUTS:2',
      'PAYMENT_RECONCILES:2',
      'PREPAYMENTS:2',
      'REFUNDS:2',
      'SC_ACCOUNT_STATEMENT:2',
      'SELLER_ACCOUNT_STATEMENTS:2',
      'PREPAID_DELIVERIES:3',
      'SALES_CREDIT_MEMOS:3',
    ])
  })

  it('keeps triggers, Dr, Cr and required enrichments as written', () => {
    expect(catalog.rules.find((r) => r.key === 'SC_ACCOUNT_STATEMENT')).toMatchObject({
      triggers: [
        { column: 'Source', values: ['Seller Center', 'SC'] },
        { column: 'Entity', values: ['Account Statement'] },
      ],
      drAccounts: ['18314'],
      crAccounts: ['13023'],
    })
    expect(catalog.rules.find((r) => r.key === 'REFUNDS')?.requiredEnrichments).toEqual(['refund_channel'])
  })

  it('tries rules by rank, then catalog order', () => {
    const order = evaluationOrder(
      parse([rule({ key: 'C', rank: 3 }), rule({ key: 'B1', rank: 2 }), rule({ key: 'A', rank: 1 }), rule({ key: 'B2', rank: 2 })]),
    )
    expect(order.map((r) => r.key)).toEqual(['A', 'B1', 'B2', 'C'])
  })
})

describe('catalog validation names the bad field', () => {
  it('a value listed twice', () => {
    expect(() => parse([rule({ triggers: { Transaction_Type: ['Refund', 'Refund'] } })])).toThrow(
      /rules\[0\]\.triggers\.Transaction_Type\[1\]: "Refund" is listed twice/,
    )
  })

  it('accepts values that read alike (1 and true), as the default catalog lists them', () => {
    expect(parse([rule({ triggers: { IS_PREPAYMENT: ['1', 'true', 'yes'] } })]).rules[0]?.triggers[0]?.accepted).toEqual(
      new Set(['1', 'yes']),
    )
  })

  it('a rule without triggers', () => {
    expect(() => parse([rule({ triggers: {} })])).toThrow(/rules\[0\]\.triggers: expected at least one trigger column/)
  })

  it('a trigger without values', () => {
    expect(() => parse([rule({ triggers: { Source: [] } })])).toThrow(/rules\[0\]\.triggers\.Source: expected at least one value/)
  })

  it('a rank below 1', () => {
    expect(() => parse([rule(), rule({ key: 'S', rank: 0 })])).toThrow(/rules\[1\]\.rank: expected an integer ≥ 1/)
  })

  it('a key used twice, or the reserved UNCLASSIFIED', () => {
    expect(() => parse([rule(), rule()])).toThrow(/rules\[1\]\.key: rule R is defined twice/)
    expect(() => parse([rule({ key: 'UNCLASSIFIED' })])).toThrow(/rules\[0\]\.key: UNCLASSIFIED is the label/)
  })

  it('another extract', () => {
    expect(() => parseRuleCatalog({ version: 1, extract: 'IPE_07', rules: [] }, 'rules.json')).toThrow(
      expect.objectContaining({
        code: 'TIEOUT_ERR_BAD_CONFIG',
        params: { file: 'rules.json', detail: 'extract: only IPE_31 items are classified' },
      }),
    )
  })
})
