import type { RowStyle, Sheet } from '../../shared/sheets/model.ts'

/** Contiguous data rows (offsets from the first data row) sharing one property. */
export type RowRun = { readonly start: number; readonly count: number }

/** Where a sheet model lands on the grid; the writer and the review reader share it. */
export type SheetLayout = {
  readonly sheet: Sheet
  /** 0-based grid rows. A blank row separates the preamble from the header. */
  readonly headerRow: number
  readonly firstDataRow: number
  readonly dataRows: number
  readonly columnCount: number
  readonly keyColumn: number | null
  /** Columns a reviewer edits (status, comment), in sheet order. */
  readonly reviewColumns: readonly number[]
  /** The review column holding the status dropdown. */
  readonly statusColumn: number | null
  /** Rows that take a review: a stable key and a status shown (Open or a review). */
  readonly reviewRuns: readonly RowRun[]
  readonly styleRuns: readonly (RowRun & { readonly style: Exclude<RowStyle, 'normal'> })[]
}

export function layoutOf(sheet: Sheet): SheetLayout {
  const headerRow = sheet.preamble.length === 0 ? 0 : sheet.preamble.length + 1
  const reviewColumns = sheet.columns.flatMap((column, index) => (column.review === true ? [index] : []))
  const statusColumn = sheet.columns.findIndex((column) => column.review === true && column.choices !== undefined)
  const keyColumn = sheet.columns.findIndex((column) => column.hidden === true)
  const status = statusColumn < 0 ? null : statusColumn
  return {
    sheet,
    headerRow,
    firstDataRow: headerRow + 1,
    dataRows: sheet.rows.length,
    columnCount: sheet.columns.length,
    keyColumn: keyColumn < 0 ? null : keyColumn,
    reviewColumns,
    statusColumn: status,
    reviewRuns: runsOf(sheet.rows.length, (i) => isReviewable(sheet, i, status)),
    styleRuns: styleRunsOf(sheet),
  }
}

export function isReviewable(sheet: Sheet, index: number, statusColumn: number | null): boolean {
  const row = sheet.rows[index]
  return statusColumn !== null && row !== undefined && row.key !== '' && (row.cells[statusColumn] ?? null) !== null
}

function runsOf(count: number, test: (index: number) => boolean): RowRun[] {
  const runs: RowRun[] = []
  let start = -1
  for (let i = 0; i <= count; i++) {
    const inRun = i < count && test(i)
    if (inRun && start < 0) start = i
    if (!inRun && start >= 0) {
      runs.push({ start, count: i - start })
      start = -1
    }
  }
  return runs
}

function styleRunsOf(sheet: Sheet): SheetLayout['styleRuns'] {
  const runs: { start: number; count: number; style: Exclude<RowStyle, 'normal'> }[] = []
  sheet.rows.forEach((row, index) => {
    if (row.style === 'normal') return
    const last = runs.at(-1)
    if (last && last.style === row.style && last.start + last.count === index) last.count += 1
    else runs.push({ start: index, count: 1, style: row.style })
  })
  return runs
}

export function columnLetters(index: number): string {
  let letters = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}

/** `Bridges!F12` for a 0-based grid row and column. */
export function cellAddress(sheet: string, row: number, column: number): string {
  return `${sheet}!${columnLetters(column)}${row + 1}`
}
