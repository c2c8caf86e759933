import { describe, expect, it } from 'vitest'
import { CR_03, CR_04, CR_05, ENTITIES, IPE_07, IPE_08, IPE_10, IPE_12, JDASH } from '../../../shared/extracts/catalog.ts'
import { createNormalizer } from '../../../shared/extracts/normalizer.ts'
import type { ExtractDef } from '../../../shared/extracts/schema.ts'
import type { QualityReport } from '../../../shared/result/types.ts'
import { cr03, ipe07, ipe08, numbered, table, type NamedRow, type TableData } from './extract-tables.ts'

function check(def: ExtractDef, data: TableData, file = `${def.id}.csv`): { report: QualityReport; rows: (readonly string[] | null)[] } {
  const normalizer = createNormalizer(def, data.header, { file })
  const rows = data.records.map((record, index) => normalizer.push(record, index + 1))
  return { report: normalizer.finish(), rows }
}

function cellsOf(def: ExtractDef, row: NamedRow): Record<string, string> {
  const { rows } = check(def, table([row]))
  const cells = rows[0]
  if (!cells) throw new Error('row was refused')
  return Object.fromEntries(def.columns.map((column, index) => [column.name, cells[index] as string]))
}

describe('required columns (methodology §3)', () => {
  it('fails naming the missing column and listing the columns found', () => {
    const row = cr03()
    delete row.Amount
    const { report } = check(CR_03, table([row]))
    expect(report.passed).toBe(false)
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'required-columns', severity: 'error', column: 'Amount' }))
    const message = report.issues[0]?.message ?? ''
    expect(message).toContain('CR_03 file CR_03.csv: missing required column "Amount"')
    expect(message).toContain('columns found: "id_company", "Entry No_"')
  })

  it('names the accepted aliases of a missing column', () => {
    const { report } = check(JDASH, table([{ 'Voucher Id': 'V1', Amount: '1' }]))
    expect(report.issues[0]?.message).toContain('"Amount Used" (also accepted: "amount_used"')
  })

  it('refuses every row of a file without a required column, so nothing is written', () => {
    const { rows } = check(JDASH, table([{ 'Voucher Id': 'V1' }]))
    expect(rows).toEqual([null])
  })

  it('treats an absent optional column as empty cells (CR_03 Comment)', () => {
    expect(cellsOf(CR_03, cr03()).Comment).toBe('')
  })

  it('refuses a header that holds a schema column twice', () => {
    const data = table([ipe07()])
    data.header.push('rem_amt_LCY')
    data.records[0]?.push('5.00')
    const { report } = check(IPE_07, data)
    expect(report.passed).toBe(false)
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'required-columns', column: 'rem_amt_LCY' }))
  })
})

describe('types parse (methodology §3)', () => {
  it('reports a bad amount per column with its rows and the first bad value', () => {
    const rows = numbered(5, ipe07, (row) => (row === 2 ? { rem_amt_LCY: '12,3.4' } : row === 4 ? { rem_amt_LCY: 'abc' } : {}))
    const { report } = check(IPE_07, table(rows))
    expect(report.passed).toBe(false)
    expect(report.issues).toEqual([
      {
        check: 'types',
        severity: 'error',
        column: 'rem_amt_LCY',
        rows: [2, 4],
        message:
          'IPE_07 file IPE_07.csv, column "rem_amt_LCY": not an amount: "12,3.4" at row 2; 2 values do not parse, ' +
          'at rows 2, 4 (row n = n-th data row after the header)',
      },
    ])
  })

  it('lists up to 20 row numbers', () => {
    const { report } = check(IPE_07, table(numbered(30, ipe07, () => ({ rem_amt_LCY: 'x' }))))
    expect(report.issues[0]?.rows).toHaveLength(20)
    expect(report.issues[0]?.message).toContain('… and 10 more')
  })

  it('refuses only the rows that do not parse', () => {
    const { rows } = check(IPE_07, table(numbered(3, ipe07, (row) => (row === 2 ? { rem_amt_LCY: 'x' } : {}))))
    expect(rows.map((cells) => cells !== null)).toEqual([true, false, true])
  })

  it('reports every failing column separately', () => {
    const { report } = check(CR_03, table([cr03({ Amount: 'x', 'Posting Date': '30/09/2025' })]))
    expect(report.issues.map((issue) => issue.column)).toEqual(['Posting Date', 'Amount'])
  })
})

describe('key uniqueness (methodology §3)', () => {
  it.each([
    [CR_03, cr03],
    [IPE_07, ipe07],
  ] as const)('duplicates fail %s', (def, make) => {
    const { report } = check(def, table([make({ 'Entry No_': '7' }), make({ 'Entry No_': '8' }), make({ 'Entry No_': '7' })]))
    expect(report.passed).toBe(false)
    expect(report.issues).toEqual([expect.objectContaining({ check: 'key-uniqueness', severity: 'error', rows: [3] })])
    expect(report.issues[0]?.message).toContain('first: id_company=EC_NG, Entry No_=7 at rows 1 and 3')
  })

  it('duplicates fail IPE_08', () => {
    const { report } = check(IPE_08, table([ipe08(), ipe08()]))
    expect(report.issues).toEqual([expect.objectContaining({ check: 'key-uniqueness', severity: 'error' })])
  })

  it('duplicates are a warning elsewhere (IPE_10)', () => {
    const item = { ID_COMPANY: 'EC_NG', COD_OMS_SALES_ORDER_ITEM: 'I-1', PAID_FOR_ITEMS: '10', PAID_FOR_SHIPPING: '1' }
    const { report, rows } = check(IPE_10, table([item, item]))
    expect(report.passed).toBe(true)
    expect(report.issues).toEqual([expect.objectContaining({ check: 'key-uniqueness', severity: 'warning', rows: [2] })])
    expect(rows.every((cells) => cells !== null)).toBe(true)
  })

  it('compares canonical values, so 7 and 7.0 are the same entry', () => {
    const { report } = check(CR_03, table([cr03({ 'Entry No_': '7' }), cr03({ 'Entry No_': '7.0' })]))
    expect(report.issues[0]?.check).toBe('key-uniqueness')
  })

  it('is not checked when a key column is absent (CR_04 without REAL_COA)', () => {
    const balance = { ID_COMPANY: 'EC_NG', CLOSING_DATE: '2025-09-30', GROUP_COA_ACCOUNT_NO: '13003', BALANCE_AT_DATE: '5' }
    const { report } = check(CR_04, table([balance, balance]))
    expect(report.issues).toEqual([])
  })
})

describe('minimum rows (methodology §3)', () => {
  it.each([
    [CR_04, ['ID_COMPANY', 'CLOSING_DATE', 'GROUP_COA_ACCOUNT_NO', 'BALANCE_AT_DATE']],
    [CR_05, ['Company_Code', 'year', 'cod_month', 'FX_rate']],
    [ENTITIES, ['Company_Code', 'Company_Name', 'Company_Country', 'Flg_In_Conso_Scope']],
  ] as const)('%s needs at least one row', (def, header) => {
    const { report } = check(def, { header: [...header], records: [] })
    expect(report.passed).toBe(false)
    expect(report.issues).toEqual([expect.objectContaining({ check: 'min-rows', severity: 'error' })])
    expect(report.issues[0]?.message).toBe(`${def.id} file ${def.id}.csv: 0 data rows; at least 1 required`)
  })

  it('an empty IPE_07 passes', () => {
    const { report } = check(IPE_07, { header: Object.keys(ipe07()), records: [] })
    expect(report).toEqual({ extract: 'IPE_07', file: 'IPE_07.csv', rows: 0, passed: true, issues: [] })
  })
})

describe('ignored columns', () => {
  it('are a warning naming them', () => {
    const { report } = check(IPE_07, table([ipe07({ Notes: 'x', '': '' })]))
    expect(report.passed).toBe(true)
    expect(report.issues).toEqual([
      {
        check: 'ignored-columns',
        severity: 'warning',
        message: 'IPE_07 file IPE_07.csv: 2 columns are not in the schema and ignored: "Notes", (blank)',
      },
    ])
  })
})

describe('aliases (methodology §3, §11)', () => {
  it.each([
    ['Voucher Id', 'Amount Used'],
    ['voucher_id', 'amount_used'],
    ['Voucher_Id', 'Ordered Amount'],
  ])('JDASH reads %s / %s as Voucher Id / Amount Used', (voucher, amount) => {
    const cells = cellsOf(JDASH, { [voucher]: 'V1', [amount]: '12.5' })
    expect(cells).toEqual(expect.objectContaining({ 'Voucher Id': 'V1', 'Amount Used': '12.50', ID_COMPANY: '' }))
  })

  it('a column differing only in case is not an alias (JDASH "VOUCHER ID")', () => {
    const { report } = check(JDASH, table([{ 'VOUCHER ID': 'V1', 'Amount Used': '1' }]))
    expect(report.issues[0]).toEqual(expect.objectContaining({ check: 'required-columns', column: 'Voucher Id' }))
  })

  it('IPE_12 Order_nr, ORDER_NR and order_nr are three columns', () => {
    const cells = cellsOf(IPE_12, { ID_COMPANY: 'EC_NG', order_nr: 'o-1', ORDER_NR: 'O-2', amount_paid: '1' })
    expect(cells).toEqual(expect.objectContaining({ order_nr: 'o-1', ORDER_NR: 'O-2', Order_nr: '' }))
  })
})

describe('canonical cells (methodology §10)', () => {
  it.each(['1,234.50', '1234.5', 1234.5, ' 1234.50 '])('amount %j is written 1234.50', (amount) => {
    expect(cellsOf(CR_03, cr03({ Amount: amount })).Amount).toBe('1234.50')
  })

  it('writes an empty amount as an empty cell, never 0.00', () => {
    expect(cellsOf(CR_03, cr03({ Amount: '' })).Amount).toBe('')
  })

  it.each(['2025-09-30 23:59:59', '2025-09-30T23:59:59', new Date(Date.UTC(2025, 8, 30, 23, 59, 59))])(
    'date-time %j is written ISO',
    (value) => {
      expect(cellsOf(IPE_08, ipe08({ created_at: value })).created_at).toBe('2025-09-30T23:59:59')
    },
  )

  it('writes cells in schema column order whatever the file order', () => {
    const row = ipe07()
    const reversed = Object.keys(row).reverse()
    const { rows } = check(IPE_07, table([row], reversed))
    expect(rows[0]).toEqual(check(IPE_07, table([row])).rows[0])
  })
})

describe('key uniqueness over many rows', () => {
  it('finds repeats of company × entry no keys whatever their shape: many companies, large and non-canonical entry numbers', () => {
    // 70,000 companies overflow the packed form's company dictionary; 2^32 and "007" do not pack.
    const rows = numbered(70_000, cr03, (index) => ({ id_company: `C${index}` }))
    rows.push(
      cr03({ id_company: 'C5', 'Entry No_': '5' }),
      cr03({ id_company: 'C69999', 'Entry No_': '69999' }),
      cr03({ id_company: 'X', 'Entry No_': '4294967296' }),
      cr03({ id_company: 'X', 'Entry No_': '4294967296' }),
      cr03({ id_company: 'X', 'Entry No_': '7' }),
      cr03({ id_company: 'X', 'Entry No_': '007' }),
    )
    const { report } = check(CR_03, table(rows))
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'key-uniqueness',
        rows: [70_001, 70_002, 70_004, 70_006],
        message: expect.stringContaining('first: id_company=C5, Entry No_=5 at rows 5 and 70001'),
      }),
    ])
  })
})
