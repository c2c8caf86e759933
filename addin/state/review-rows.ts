import type { WorkbookModel } from '../../shared/sheets/model.ts'
import { REVIEW_COLUMNS } from '../../shared/sheets/review.ts'

const REVIEW_KEYS = new Set<string>(REVIEW_COLUMNS.map((column) => column.key))

function reviewCells(model: WorkbookModel): Map<string, string> {
  const cells = new Map<string, string>()
  for (const sheet of model.sheets) {
    const indexes = sheet.columns.flatMap((column, index) => (REVIEW_KEYS.has(column.key) ? [index] : []))
    if (indexes.length === 0) continue
    for (const row of sheet.rows) {
      if (row.key !== '') cells.set(row.key, JSON.stringify(indexes.map((index) => row.cells[index] ?? null)))
    }
  }
  return cells
}

/** Line keys whose review cells differ between two builds of the same run's sheets. */
export function changedReviewKeys(before: WorkbookModel, after: WorkbookModel): Set<string> {
  const old = reviewCells(before)
  const keys = new Set<string>()
  for (const [key, cells] of reviewCells(after)) if (old.get(key) !== cells) keys.add(key)
  return keys
}
