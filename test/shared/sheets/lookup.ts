import { type CellValue, isFormula, type Sheet, type SheetRow, shownValue } from '../../../shared/sheets/model.ts'

/** Reads a sheet the way a user does: by column header and row key. */
export function columnIndex(sheet: Sheet, header: string): number {
  const index = sheet.columns.findIndex((c) => c.header === header)
  if (index < 0) throw new Error(`no column "${header}" in ${sheet.name}`)
  return index
}

export function cell(sheet: Sheet, row: SheetRow, header: string): CellValue {
  return row.cells[columnIndex(sheet, header)] ?? null
}

/** The formula of a cell (without `=`), or null for a plain value. */
export function formulaOf(sheet: Sheet, row: SheetRow, header: string): string | null {
  const value = cell(sheet, row, header)
  return isFormula(value) ? value.formula : null
}

export function rowByKey(sheet: Sheet, key: string): SheetRow {
  const row = sheet.rows.find((r) => r.key === key)
  if (row === undefined) throw new Error(`no row ${key} in ${sheet.name}`)
  return row
}

/** The row as `{ header: value }` as a viewer shows it (a formula as its value), for `toMatchObject`. */
export function record(sheet: Sheet, row: SheetRow): Record<string, CellValue> {
  return Object.fromEntries(sheet.columns.map((c, i) => [c.header, shownValue(row.cells[i] ?? null)]))
}

export function rowsWhere(sheet: Sheet, header: string, value: CellValue): SheetRow[] {
  const index = columnIndex(sheet, header)
  return sheet.rows.filter((r) => r.cells[index] === value)
}
