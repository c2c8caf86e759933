import type { Review } from '../../shared/result/types.ts'
import type { Sheet, SheetRow, WorkbookModel } from '../../shared/sheets/model.ts'
import { REVIEW_COLUMNS, reviewValues } from '../../shared/sheets/review.ts'
import { DEFAULT_TARGET_BYTES, runOperations } from './batcher.ts'
import { toExcelCell } from './cells.ts'
import { ExcelOperationError } from './excel-error.ts'
import { layoutOf } from './layout.ts'
import { type Operation, operation } from './operations.ts'
import { PROTECTION } from './sheet-style.ts'

const REVIEW_KEYS: readonly string[] = REVIEW_COLUMNS.map((column) => column.key)

/** The model with the saved reviews in place: the baseline the next Sync review compares with. */
export function withSavedReviews(model: WorkbookModel, saved: readonly Review[]): WorkbookModel {
  const byKey = new Map(saved.map((review) => [review.lineKey, review]))
  return { ...model, sheets: model.sheets.map((sheet) => withReviews(sheet, byKey)) }
}

function withReviews(sheet: Sheet, byKey: ReadonlyMap<string, Review>): Sheet {
  const columns = sheet.columns.map((column) => column.key)
  if (!REVIEW_KEYS.every((key) => columns.includes(key))) return sheet
  const rows = sheet.rows.map((row): SheetRow => {
    const review = row.key === '' ? undefined : byKey.get(row.key)
    if (review === undefined) return row
    const values: Readonly<Record<string, unknown>> = reviewValues(review, true)
    const cells = row.cells.map((cell, index) => {
      const key = columns[index] ?? ''
      return key in values ? (values[key] as typeof cell) : cell
    })
    return { ...row, cells }
  })
  return { ...sheet, rows }
}

/**
 * Shows the server's record (canonical status, reviewer, time) in the saved rows. Reviewer and
 * time are locked cells, so a protected sheet is unprotected for the write and protected again.
 */
export async function writeSavedReviews(model: WorkbookModel, keys: ReadonlySet<string>): Promise<void> {
  const operations = model.sheets.flatMap((sheet) => sheetOperations(sheet, keys))
  if (operations.length === 0) return
  try {
    await Excel.run((context) =>
      runOperations(context, operations, { job: 'Showing the saved reviews', targetBytes: DEFAULT_TARGET_BYTES }),
    )
  } catch (error) {
    await reprotect(model, error)
    throw error instanceof ExcelOperationError ? error : new ExcelOperationError('Showing the saved reviews', error)
  }
}

/** A failed write must not leave a result sheet unprotected. */
async function reprotect(model: WorkbookModel, original: unknown): Promise<void> {
  const names = model.sheets.filter((sheet) => sheet.protected).map((sheet) => sheet.name)
  try {
    await Excel.run(async (context) => {
      const protections = names.map((name) => context.workbook.worksheets.getItem(name).protection.load('protected'))
      await context.sync()
      protections.forEach((protection) => {
        if (!protection.protected) protection.protect(PROTECTION)
      })
    })
  } catch (cleanup) {
    throw new ExcelOperationError('Protecting the result sheets again after a failed write', new AggregateError([original, cleanup]))
  }
}

function sheetOperations(sheet: Sheet, keys: ReadonlySet<string>): Operation[] {
  const layout = layoutOf(sheet)
  const indexes = REVIEW_KEYS.map((key) => sheet.columns.findIndex((column) => column.key === key))
  if (indexes.some((index) => index < 0)) return []
  const rows = sheet.rows.flatMap((row, index) => (keys.has(row.key) ? [index] : []))
  if (rows.length === 0) return []
  const writes = rows.map((index) => {
    const cells = indexes.map((column) => toExcelCell(sheet.rows[index]?.cells[column] ?? null, sheet.columns[column]?.format ?? 'text'))
    return operation(
      `${sheet.name} row ${layout.firstDataRow + index + 1}`,
      ({ sheet: get }) => {
        indexes.forEach((column, i) => {
          get(sheet.name).getRangeByIndexes(layout.firstDataRow + index, column, 1, 1).values = [[cells[i] ?? '']]
        })
      },
      cells,
    )
  })
  if (!sheet.protected) return writes
  return [
    operation(`unprotect ${sheet.name}`, ({ sheet: get }) => get(sheet.name).protection.unprotect()),
    ...writes,
    operation(`protect ${sheet.name}`, ({ sheet: get }) => get(sheet.name).protection.protect(PROTECTION)),
  ]
}
