/**
 * The workbook as data. Both the server's .xlsx export and the add-in's Excel writer render this
 * one model, so a workbook looks the same whichever way it was made.
 */
export type CellValue = string | number | boolean | null | Formula

/**
 * A formula (A1 references, no leading `=`, sheet names as in the model) with the value the server
 * computed for it: writers store both, so a viewer that does not recalculate shows the number and
 * one that does proves the total foots.
 */
export type Formula = { readonly formula: string; readonly result: string | number | null }

export function isFormula(value: CellValue): value is Formula {
  return typeof value === 'object' && value !== null
}

/** The value a cell shows before any recalculation. */
export function shownValue(value: CellValue): string | number | boolean | null {
  return isFormula(value) ? value.result : value
}

/**
 * How a column's values are written: `money` and `rate` are numbers with the format below,
 * `date`/`datetime` are ISO strings the writers turn into dates, `id` is text that must never be
 * read as a number (voucher ids, customer numbers, entry numbers).
 */
export type ColumnFormat = 'text' | 'id' | 'integer' | 'money' | 'rate' | 'date' | 'datetime' | 'status' | 'boolean'

export const NUMBER_FORMATS: Readonly<Record<ColumnFormat, string>> = {
  text: '@',
  id: '@',
  integer: '#,##0',
  money: '#,##0.00;[Red]-#,##0.00',
  rate: '0.000000',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
  status: '@',
  boolean: 'General',
}

export { REVIEW_STATUSES, type ReviewStatus } from '../result/types.ts'

export type SheetColumn = {
  readonly key: string
  readonly header: string
  /** Width in characters. */
  readonly width: number
  readonly format: ColumnFormat
  /** A reviewer edits it: unlocked on protected sheets, read back by Sync review. */
  readonly review?: boolean
  /** Allowed values, rendered as a dropdown (review status). */
  readonly choices?: readonly string[]
  /** The stable row key column: hidden, never edited. */
  readonly hidden?: boolean
  /** Long text: wrapped within the column width rather than cut off. */
  readonly wrap?: boolean
}

export type RowStyle = 'normal' | 'total' | 'section' | 'investigate'

export type SheetRow = {
  /** Stable key (a bridge line key, a tie-out key); empty for total and section rows. */
  readonly key: string
  readonly cells: readonly CellValue[]
  readonly style: RowStyle
}

export const SHEET_NAMES = ['Summary', 'Variance', 'Roll-forward', 'Bridges', 'Classification', 'Evidence'] as const
export type SheetName = (typeof SHEET_NAMES)[number]

/** How a sheet prints: the page header names the scope, period and run; the footer pages it. */
export type PrintSetup = {
  /** Left header: the entities in scope. */
  readonly scope: string
  /** Centre header: the period. */
  readonly period: string
  /** Right header: the run id. */
  readonly runId: string
}

export type Sheet = {
  readonly name: SheetName
  /** Lines above the table (title, period, run id); the table header follows them. */
  readonly preamble: readonly string[]
  /** Preamble lines (0-based) shown bold red: "NOT SIGNED OFF", a reopened or superseded run. */
  readonly alertLines?: readonly number[]
  readonly print: PrintSetup
  readonly columns: readonly SheetColumn[]
  readonly rows: readonly SheetRow[]
  /** Result sheets are protected; only review columns are editable. */
  readonly protected: boolean
}

export type WorkbookModel = {
  readonly runId: string
  readonly period: string
  readonly sheets: readonly Sheet[]
}

/** 1-based row of a sheet's table header: preamble lines, one blank row, then the header. */
export function headerRowNumber(preambleLines: number): number {
  return preambleLines === 0 ? 1 : preambleLines + 2
}

/** 1-based worksheet row of the data row at `index` (0-based) below the header. */
export function dataRowNumber(preambleLines: number, index: number): number {
  return headerRowNumber(preambleLines) + 1 + index
}

/** Column letters of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}
