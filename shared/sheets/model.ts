/**
 * The workbook as data. Both the server's .xlsx export and the add-in's Excel writer render this
 * one model, so a workbook looks the same whichever way it was made.
 */
export type CellValue = string | number | boolean | null

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
}

export type RowStyle = 'normal' | 'total' | 'section' | 'investigate'

export type SheetRow = {
  /** Stable key (a bridge line key, a tie-out key); empty for total and section rows. */
  readonly key: string
  readonly cells: readonly CellValue[]
  readonly style: RowStyle
}

export type SheetName = 'Summary' | 'Variance' | 'Bridges' | 'Classification' | 'Evidence'

export type Sheet = {
  readonly name: SheetName
  /** Lines above the table (title, period, run id); the table header follows them. */
  readonly preamble: readonly string[]
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
