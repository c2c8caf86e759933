import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { forEachRow, readExtractRows } from '../../../server/extracts/canonical-reader.ts'
import { CR_03, IPE_08, JDASH } from '../../../shared/extracts/catalog.ts'
import { typedRowReader } from '../../../shared/extracts/reader.ts'
import { columnNames, type ExtractDef, type RowOf } from '../../../shared/extracts/schema.ts'
import { cr03, ipe08, type NamedRow } from '../../shared/extracts/extract-tables.ts'
import { canonicalCells, writeCanonical } from './canonical-files.ts'
import { useTempFolder } from './temp-folder.ts'

const tempFolder = useTempFolder()

async function readAll<E extends ExtractDef>(def: E, path: string, companies?: ReadonlySet<string>): Promise<RowOf<E>[]> {
  const rows: RowOf<E>[] = []
  for await (const row of readExtractRows(def, path, companies ? { companies } : {})) rows.push(row)
  return rows
}

/** What the shared typed reader makes of the same canonical cells: the reference. */
function expected<E extends ExtractDef>(def: E, rows: readonly NamedRow[]): RowOf<E>[] {
  const read = typedRowReader(def, columnNames(def))
  return canonicalCells(def, rows).map((cells, index) => read(cells, index + 1))
}

const varied: NamedRow[] = [
  cr03({ 'Entry No_': '1', Amount: '-1,234.56', Comment: 'GTB transfer' }),
  cr03({ 'Entry No_': '2', Amount: '-0.05', 'Document Description': 'Refund, "manual"\nsecond line' }),
  cr03({ 'Entry No_': '3', Amount: '', 'Document Type': '', 'User ID': 'Société Générale' }),
  cr03({ 'Entry No_': '-4', Amount: 12345678901234.5, 'Voucher No_': '12345.0' }),
  cr03({ 'Entry No_': '5', Amount: '0', id_company: 'JD_GH' }),
]

describe('canonical reader', () => {
  it('reads back the rows the shared typed reader gives for the same cells (CR_03)', async () => {
    const path = await writeCanonical(await tempFolder(), CR_03, varied)
    expect(await readAll(CR_03, path)).toEqual(expected(CR_03, varied))
  })

  it('reads booleans, date-times and amounts of IPE_08', async () => {
    const vouchers = [
      ipe08({ is_active: 'true', to_date: '2025-12-31 23:59:59' }),
      ipe08({ id: 'V2', is_active: '0', remaining_amount: '-3.1' }),
    ]
    const path = await writeCanonical(await tempFolder(), IPE_08, vouchers)
    const rows = await readAll(IPE_08, path)
    expect(rows).toEqual(expected(IPE_08, vouchers))
    expect(rows[0]).toEqual(expect.objectContaining({ isActive: true, toDate: '2025-12-31T23:59:59', remainingAmount: 1000 }))
  })

  it('skips rows of companies not in the run (methodology §11)', async () => {
    const path = await writeCanonical(await tempFolder(), CR_03, varied)
    const rows = await readAll(CR_03, path, new Set(['JD_GH']))
    expect(rows.map((row) => row.entryNo)).toEqual([5])
  })

  it('keeps rows without a company for the caller to attribute (Jdash without ID_COMPANY)', async () => {
    const path = await writeCanonical(await tempFolder(), JDASH, [{ 'Voucher Id': 'V1', 'Amount Used': '5' }])
    expect(await readAll(JDASH, path, new Set(['EC_NG']))).toEqual([{ companyCode: null, voucherId: 'V1', amountUsed: 500 }])
  })

  it('calls back every row and counts the skipped ones', async () => {
    const path = await writeCanonical(await tempFolder(), CR_03, varied)
    const seen: number[] = []
    const summary = await forEachRow(CR_03, path, { companies: new Set(['EC_NG']) }, (row) => seen.push(row.entryNo ?? 0))
    expect(summary).toEqual({ rows: 4, skipped: 1, filtered: 0 })
    expect(seen).toEqual([1, 2, 3, -4])
  })

  it('decodes only the fields asked for, with the values a full read gives', async () => {
    const path = await writeCanonical(await tempFolder(), CR_03, varied)
    const rows: unknown[] = []
    await forEachRow(CR_03, path, { fields: new Set(['entryNo', 'amount', 'description']) }, (row) => rows.push(row))
    expect(rows).toEqual(expected(CR_03, varied).map(({ entryNo, amount, description }) => ({ entryNo, amount, description })))
  })

  it('reading leading fields only skips the rest of each line, quoted line feeds included', async () => {
    const rows = [
      cr03({ id_company: 'EC_NG', 'Entry No_': '1', Comment: 'one, "two"\nthree' }),
      cr03({ id_company: 'EC_NG', 'Entry No_': '2', 'Document Description': 'a,b' }),
      cr03({ id_company: 'JD_GH', 'Entry No_': '3', Comment: '"' }),
    ]
    const folder = await tempFolder()
    const path = await writeCanonical(folder, CR_03, rows)
    const read: unknown[] = []
    await forEachRow(CR_03, path, { fields: new Set(['companyCode', 'entryNo']) }, (row) => read.push(row))
    expect(read).toEqual(expected(CR_03, rows).map(({ companyCode, entryNo }) => ({ companyCode, entryNo })))

    await writeFile(path, `${await readFile(path, 'utf8')}EC_NG,x,y\n`)
    await expect(forEachRow(CR_03, path, { fields: new Set(['companyCode', 'entryNo']) }, () => undefined)).rejects.toThrow(
      'CR_03 file CR_03.csv, line 6: 3 fields, the header has 42',
    )
  })

  it('counts the rows a filter on a leading field leaves out and decodes the others in full', async () => {
    const rows = [
      cr03({ 'Entry No_': '1', 'Chart of Accounts No_': '18412', Comment: 'kept, "quoted"\nline' }),
      cr03({ 'Entry No_': '2', 'Chart of Accounts No_': '13003', Comment: 'left, "out"\nline' }),
      cr03({ 'Entry No_': '3', 'Chart of Accounts No_': '18412', Amount: '-7.25' }),
      cr03({ 'Entry No_': '4', 'Chart of Accounts No_': '13003', id_company: 'JD_GH' }),
    ]
    const path = await writeCanonical(await tempFolder(), CR_03, rows)
    const read: unknown[] = []
    const where = { field: 'account', keep: (account: string | null) => account === '18412' }
    const fields = new Set(['companyCode', 'entryNo', 'amount', 'comment'])
    const summary = await forEachRow(CR_03, path, { fields, where, companies: new Set(['EC_NG']) }, (row) => read.push(row))
    expect(summary).toEqual({ rows: 2, skipped: 1, filtered: 1 })
    const all = expected(CR_03, rows)
    expect(read).toEqual(
      [all[0], all[2]].map((row) => ({ companyCode: row?.companyCode, entryNo: row?.entryNo, amount: row?.amount, comment: row?.comment })),
    )

    await writeFile(path, `${await readFile(path, 'utf8')}EC_NG,,,,9,,,,,,,13003,x\nEC_NG,,,,10,,,,,,,18412,y\n`)
    await expect(forEachRow(CR_03, path, { fields, where }, () => undefined)).rejects.toThrow(
      'CR_03 file CR_03.csv, line 9: 13 fields, the header has 42',
    )
  })

  it('reads records that straddle its read buffer', async () => {
    const rows = Array.from({ length: 6000 }, (_, index) =>
      cr03({ 'Entry No_': String(index + 1), 'Document Description': `${'long text, '.repeat(30)}${index}`, Amount: `${index}.01` }),
    )
    const path = await writeCanonical(await tempFolder(), CR_03, rows)
    const read = await readAll(CR_03, path)
    expect(read).toHaveLength(6000)
    expect(read.map((row) => row.amount).reduce((sum, cents) => (sum ?? 0) + (cents ?? 0), 0)).toBe(
      rows.reduce((sum, _, index) => sum + index * 100 + 1, 0),
    )
    expect(read[5999]?.description).toBe(`${'long text, '.repeat(30)}5999`)
  })

  it('names the file and line of a record with the wrong number of fields', async () => {
    const path = join(await tempFolder(), 'JDASH.csv')
    const header = columnNames(JDASH).join(',')
    await writeFile(path, `${header}\n,V1,1.00,,,,\n,"V2\nstill V2",2.00,,,,\n,V3,3.00\n`)
    await expect(readAll(JDASH, path)).rejects.toThrow('JDASH file JDASH.csv, line 5: 3 fields, the header has 7')
  })

  it('refuses a file whose last line is cut off', async () => {
    const path = join(await tempFolder(), 'JDASH.csv')
    await writeFile(path, `${columnNames(JDASH).join(',')}\n,V1,1.00,,,,`)
    await expect(readAll(JDASH, path)).rejects.toThrow('JDASH file JDASH.csv, line 2: the last line is cut off')
  })

  it('names row and column of a cell that is not a value of its kind', async () => {
    const path = join(await tempFolder(), 'JDASH.csv')
    await writeFile(path, `${columnNames(JDASH).join(',')}\n,V1,1.00,,,,\n,V2,abc,,,,\n`)
    await expect(readAll(JDASH, path)).rejects.toThrow('JDASH file JDASH.csv, row 2, column "Amount Used": not an amount: "abc"')
  })

  it('refuses a stray quote', async () => {
    const path = join(await tempFolder(), 'JDASH.csv')
    await writeFile(path, `${columnNames(JDASH).join(',')}\n,V"1,1.00,,,,\n`)
    await expect(readAll(JDASH, path)).rejects.toThrow('JDASH file JDASH.csv, line 2: not canonical CSV: a quote inside an unquoted field')
  })
})
