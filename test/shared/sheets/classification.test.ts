import { describe, expect, it } from 'vitest'
import { buildClassificationSheet } from '../../../shared/sheets/classification.ts'
import { makeRunResult } from '../../support/result-fixture.ts'
import { formulaOf, record, rowByKey, rowsWhere } from './lookup.ts'

describe('Classification sheet', () => {
  it('shows an IPE_31 item with its rule, title, Dr and Cr accounts and amounts', () => {
    const sheet = buildClassificationSheet(makeRunResult())
    expect(record(sheet, rowByKey(sheet, 'IPE_31|EC_NG|OI-00003'))).toMatchObject({
      Entity: 'EC_NG',
      Rule: 'REFUNDS',
      Title: 'Refunds',
      'Event date': '2025-09-12',
      'Transaction type': 'Refund',
      'Dr GL accounts': '100XX, 18412',
      'Cr GL accounts': '13005, 18317',
      'Amount LCY': -45000,
      'Amount USD': -29.41,
    })
  })

  it('marks an unmatched item UNCLASSIFIED and styles it for investigation', () => {
    const sheet = buildClassificationSheet(makeRunResult())
    const row = rowByKey(sheet, 'IPE_31|EC_NG|OI-00005')
    expect(record(sheet, row)).toMatchObject({ Rule: 'UNCLASSIFIED', 'Dr GL accounts': '', 'Transaction type': 'Chargeback' })
    expect(row.style).toBe('investigate')
  })

  it('summarises per entity × rule with count and amounts', () => {
    const sheet = buildClassificationSheet(makeRunResult())
    const summary = sheet.rows.map((r) => record(sheet, r))
    expect(summary).toContainEqual(
      expect.objectContaining({
        Entity: 'JD_GH',
        Rule: 'JFORCE_PAYOUTS',
        Title: 'JForce payouts',
        Items: 1,
        'Amount LCY': 8400,
        'Amount USD': null,
      }),
    )
  })

  it('lists the catalog findings so the catalog owners can see them (methodology §7)', () => {
    const sheet = buildClassificationSheet(makeRunResult())
    expect(rowsWhere(sheet, 'Rule', 'PREPAID_DELIVERIES').map((r) => record(sheet, r).Title)).toEqual([
      'unreachable: PREPAYMENTS (rank 2) matches every IS_PREPAYMENT it accepts',
    ])
  })

  it('starts with the summary, then the findings, then the items, each under a section row', () => {
    const sheet = buildClassificationSheet(makeRunResult())
    expect(sheet.rows[0]?.cells[0]).toBe('Summary per entity and rule')
    expect(sheet.rows.filter((r) => r.style === 'section').map((r) => r.cells[0])).toEqual([
      'Summary per entity and rule',
      'Catalog findings',
      'Open items (IPE_31)',
    ])
  })

  it('closes the summary with a SUBTOTAL per entity and a grand total of items', () => {
    const result = makeRunResult()
    const sheet = buildClassificationSheet(result)
    const grand = sheet.rows.find((r) => r.cells[1] === 'Grand total')
    if (grand === undefined) throw new Error('no grand total')
    const items = result.classification.summary.reduce((sum, row) => sum + row.count, 0)
    expect(record(sheet, grand).Items).toBe(items)
    expect(formulaOf(sheet, grand, 'Items')).toMatch(/^SUBTOTAL\(9,J\d+:J\d+\)$/)
    const entityTotals = sheet.rows.filter((r) => String(r.cells[1]).startsWith('Total ')).map((r) => record(sheet, r))
    expect(entityTotals.map((t) => t.Entity)).toEqual([...new Set(result.classification.summary.map((r) => r.companyCode))])
  })
})
