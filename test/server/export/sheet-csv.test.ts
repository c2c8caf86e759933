import { describe, expect, it } from 'vitest'
import { sheetToCsv } from '../../../server/export/sheet-csv.ts'
import { defineTable, date, integer, KEY_COLUMN, money, rate, text } from '../../../shared/sheets/columns.ts'
import type { Sheet, SheetRow } from '../../../shared/sheets/model.ts'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import { makeRunResult } from '../../support/result-fixture.ts'

const TABLE = defineTable([
  text('name', 'Name'),
  money('amount', 'Amount LCY'),
  rate('rate', 'FX rate'),
  integer('count', 'Count'),
  date('day', 'Date'),
  KEY_COLUMN,
])

const PRINT = { scope: 'Entities: EC_NG', period: 'C-PG-1 2025-09', runId: 'Run r1' }
const sheetOf = (rows: SheetRow[]): Sheet => ({
  name: 'Bridges',
  preamble: ['ignored'],
  print: PRINT,
  columns: TABLE.columns,
  rows,
  protected: true,
})

describe('sheetToCsv', () => {
  it('writes the header, then each row with its style, one line each ending in \\n', () => {
    const csv = sheetToCsv(sheetOf([TABLE.row({ name: 'a', amount: 1234.5, rate: 1530.25, count: 3, day: '2025-09-30' }, 'normal', 'k|1')]))
    expect(csv).toBe('Name,Amount LCY,FX rate,Count,Date,Key,Row style\na,1234.50,1530.25,3,2025-09-30,k|1,normal\n')
  })

  it('keeps two decimals on money with a "." decimal point, and no thousands separators', () => {
    const csv = sheetToCsv(sheetOf([TABLE.row({ amount: -48250300.5 }), TABLE.row({ amount: 0.1 })]))
    expect(csv.split('\n').slice(1, 3)).toEqual([',-48250300.50,,,,,normal', ',0.10,,,,,normal'])
  })

  it('quotes fields with commas, quotes or line breaks and doubles the quotes (RFC 4180)', () => {
    const csv = sheetToCsv(sheetOf([TABLE.row({ name: 'say "hi", then\nleave' })]))
    expect(csv.split('\n').slice(1).join('\n')).toBe('"say ""hi"", then\nleave",,,,,,normal\n')
  })

  it('leaves empty cells empty and formula-like text as it is', () => {
    const csv = sheetToCsv(sheetOf([TABLE.row({ name: '=SUM(A1)' }, 'total')]))
    expect(csv.split('\n')[1]).toBe('=SUM(A1),,,,,,total')
  })

  it('writes every sheet of a run with one line per row', () => {
    for (const sheet of buildWorkbook(makeRunResult(), new Map()).sheets) {
      const csv = sheetToCsv(sheet)
      expect(csv.startsWith(`${sheet.columns[0]?.header},`)).toBe(true)
      expect(csv.trimEnd().split('\n').length).toBeGreaterThanOrEqual(sheet.rows.length + 1)
    }
  })
})
