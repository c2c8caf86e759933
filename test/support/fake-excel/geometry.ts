import { FakeExcelError } from './errors.ts'

/** A rectangle of cells by 0-based indexes, as `getRangeByIndexes` takes them. */
export type Rect = { readonly row: number; readonly column: number; readonly rows: number; readonly columns: number }

/** Excel's grid: 1,048,576 rows × 16,384 columns (XFD). */
export const MAX_ROWS = 1_048_576
export const MAX_COLUMNS = 16_384

export function columnLetters(index: number): string {
  let letters = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  }
  return letters
}

export function columnIndex(letters: string): number {
  let index = 0
  for (const char of letters.toUpperCase()) index = index * 26 + (char.charCodeAt(0) - 64)
  return index - 1
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/

function parseCell(text: string, address: string): { row: number; column: number } {
  const match = CELL.exec(text)
  if (!match) throw new FakeExcelError('InvalidArgument', `The address "${address}" is not valid.`, 'Worksheet.getRange')
  return { row: Number(match[2]) - 1, column: columnIndex(match[1] ?? '') }
}

/** `B3` or `B3:D10` (no sheet part: the worksheet is known). */
export function parseAddress(address: string): Rect {
  const [from = '', to = from] = address.split(':')
  const a = parseCell(from, address)
  const b = parseCell(to, address)
  const rect = {
    row: Math.min(a.row, b.row),
    column: Math.min(a.column, b.column),
    rows: Math.abs(b.row - a.row) + 1,
    columns: Math.abs(b.column - a.column) + 1,
  }
  checkRect(rect, 'Worksheet.getRange')
  return rect
}

export function checkRect(rect: Rect, location: string): void {
  const ok =
    [rect.row, rect.column, rect.rows, rect.columns].every(Number.isInteger) &&
    rect.row >= 0 &&
    rect.column >= 0 &&
    rect.rows >= 1 &&
    rect.columns >= 1 &&
    rect.row + rect.rows <= MAX_ROWS &&
    rect.column + rect.columns <= MAX_COLUMNS
  if (!ok) throw new FakeExcelError('InvalidArgument', `The range ${JSON.stringify(rect)} is outside the grid.`, location)
}

export function formatAddress(sheet: string, rect: Rect): string {
  const start = `${columnLetters(rect.column)}${rect.row + 1}`
  const end = `${columnLetters(rect.column + rect.columns - 1)}${rect.row + rect.rows}`
  const name = /^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`
  return start === end ? `${name}!${start}` : `${name}!${start}:${end}`
}

export function contains(outer: Rect, row: number, column: number): boolean {
  return row >= outer.row && row < outer.row + outer.rows && column >= outer.column && column < outer.column + outer.columns
}

export function cellCount(rect: Rect): number {
  return rect.rows * rect.columns
}
