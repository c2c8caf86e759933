import { describe, expect, it } from 'vitest'
import { detailFormatter, moneyCell } from '../../../shared/sheets/cells.ts'
import { defineTable, KEY_COLUMN, money, text } from '../../../shared/sheets/columns.ts'

describe('sheet columns and cells', () => {
  const table = defineTable([text('name', 'Name'), money('amount', 'Amount'), KEY_COLUMN])

  it('places values in column order, absent ones empty, the row key in the key column', () => {
    expect(table.row({ amount: 12.5 }, 'normal', 'k1')).toEqual({ key: 'k1', cells: [null, 12.5, 'k1'], style: 'normal' })
  })

  it('a section row carries its label in the first column only', () => {
    expect(table.section('Totals')).toEqual({ key: '', cells: ['Totals', null, null], style: 'section' })
  })

  it('decimal strings become the exact number of cents; null stays empty', () => {
    expect(moneyCell('-1234567.89')).toBe(-1234567.89)
    expect(moneyCell('0.10')).toBe(0.1)
    expect(moneyCell(null)).toBeNull()
  })

  it('renders detail figures as "name: value" pairs, booleans as Yes/No, null as a dash', () => {
    expect(detailFormatter()({ openBalance: '10.00', primary: true, customerName: null })).toBe(
      'open balance: 10.00; primary: Yes; customer name: –',
    )
  })
})
