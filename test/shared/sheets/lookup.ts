import type { CellValue, Sheet, SheetRow } from '../../../shared/sheets/model.ts'

/** Reads a sheet the way a user does: by column header and row key. */
export function columnIndex(sheet: Sheet, header: string): number {
  const index = sheet.columns.findIndex((c) => c.header === header)
  if (index < 0) throw new Error(`no column "${header}" in ${sheet.name}`)
  return index
}

export function cell(sheet: Sheet, row: SheetRow, header: string): CellValue {
  return row.cells[columnIndex(sheet, header)] ?? null
}

export function rowByKey(sheet: Sheet, key: string): SheetRow {
  const row = sheet.rows.find((r) => r.key === key)
  if (row === undefined) throw new Error(`no row ${key} in ${sheet.name}`)
  return row
}

/** The row as `{ header: value }`, for `toMatchObject` assertions. */
export function record(sheet: Sheet, row: SheetRow): Record<string, CellValue> {
  return Object.fromEntries(sheet.columns.map((c, i) => [c.header, row.cells[i] ?? null]))
}

export function rowsWhere(sheet: Sheet, header: string, value: CellValue): SheetRow[] {
  const index = columnIndex(sheet, header)
  return sheet.rows.filter((r) => r.cells[index] === value)
}
