import { describe, expect, it } from 'vitest'
import { IPE_31 } from '../../../../shared/extracts/catalog.ts'
import { checkCatalog } from '../../../../shared/recon/classification/catalog-check.ts'
import { parseRuleCatalog } from '../../../../shared/recon/classification/catalog.ts'
import { shippedConfig } from '../shipped-config.ts'

const shipped = shippedConfig('config/classification-rules.json')
const catalog = parseRuleCatalog(shipped.json, shipped.file)
const allColumns = IPE_31.columns.map((column) => column.name)

describe('catalog check (methodology §7)', () => {
  const findings = checkCatalog(catalog, allColumns)

  it('PAYMENT_RECONCILES can never fire: CASH_DEPOSITS takes all its values first', () => {
    expect(findings).toContainEqual({
      rule: 'PAYMENT_RECONCILES',
      kind: 'unreachable',
      detail: 'never fires: every item it matches is taken first by CASH_DEPOSITS (rank 1)',
    })
  })

  it('PREPAID_DELIVERIES can never fire: PREPAYMENTS takes every prepayment first', () => {
    expect(findings).toContainEqual({
      rule: 'PREPAID_DELIVERIES',
      kind: 'unreachable',
      detail: 'never fires: every item it matches is taken first by PREPAYMENTS (rank 2)',
    })
  })

  it('JFORCE_PAYOUTS is partly unreachable: its "Payment" goes to CASH_DEPOSITS', () => {
    expect(findings).toContainEqual({
      rule: 'JFORCE_PAYOUTS',
      kind: 'partly-unreachable',
      detail: 'Transaction_Type "Payment" is taken first by CASH_DEPOSITS (rank 1)',
    })
  })

  it('reports nothing else for the default catalog on a full IPE_31', () => {
    expect(findings.map((finding) => finding.rule)).toEqual(['JFORCE_PAYOUTS', 'PAYMENT_RECONCILES', 'PREPAID_DELIVERIES'])
  })

  it('reports rules whose trigger columns the extract does not have', () => {
    const withoutOptional = allColumns.filter((column) => !['IS_PREPAYMENT', 'Source', 'Entity'].includes(column))
    const missing = checkCatalog(catalog, withoutOptional).filter((finding) => finding.kind === 'missing-columns')
    expect(missing).toContainEqual({
      rule: 'SC_ACCOUNT_STATEMENT',
      kind: 'missing-columns',
      detail: 'IPE_31 has no column Source, Entity: the rule never fires',
    })
    expect(missing.map((finding) => finding.rule)).toEqual([
      'PREPAYMENTS',
      'SC_ACCOUNT_STATEMENT',
      'SELLER_ACCOUNT_STATEMENTS',
      'PREPAID_DELIVERIES',
    ])
  })

  it('reports a trigger on a column the schema carries but does not read', () => {
    const custom = parseRuleCatalog(
      {
        version: 1,
        extract: 'IPE_31',
        rules: [{ key: 'BY_TYPE', title: 't', rank: 1, triggers: { Type: ['x'] }, drAccounts: [], crAccounts: [] }],
      },
      'r.json',
    )
    expect(checkCatalog(custom, allColumns)).toEqual([
      { rule: 'BY_TYPE', kind: 'missing-columns', detail: 'the IPE_31 schema does not read column Type: the rule never fires' },
    ])
  })

  it('a multi-column rule is shadowed only by an earlier rule on a subset of its columns', () => {
    const custom = parseRuleCatalog(
      {
        version: 1,
        extract: 'IPE_31',
        rules: [
          { key: 'BY_SOURCE', title: 's', rank: 1, triggers: { Source: ['SC'] }, drAccounts: [], crAccounts: [] },
          {
            key: 'BY_SOURCE_AND_ENTITY',
            title: 'se',
            rank: 2,
            triggers: { Source: ['SC', 'MPL'], Entity: ['Account Statement'] },
            drAccounts: [],
            crAccounts: [],
          },
          {
            key: 'BY_ENTITY_AND_TYPE',
            title: 'et',
            rank: 3,
            triggers: { Entity: ['Other'], Transaction_Type: ['Payment'] },
            drAccounts: [],
            crAccounts: [],
          },
        ],
      },
      'r.json',
    )
    expect(checkCatalog(custom, allColumns)).toEqual([
      {
        rule: 'BY_SOURCE_AND_ENTITY',
        kind: 'partly-unreachable',
        detail: 'Source "SC", Entity "Account Statement" is taken first by BY_SOURCE (rank 1)',
      },
    ])
  })
})
