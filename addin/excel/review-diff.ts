import { REVIEW_STATUSES, type ReviewStatus } from '../../shared/result/types.ts'
import { isFormula, type SheetName } from '../../shared/sheets/model.ts'
import { cellText, sameCell, toExcelCell } from './cells.ts'
import { cellAddress, isReviewable, type SheetLayout } from './layout.ts'

/** A review as the sheet now shows it, different from what was last written. */
export type ReviewChange = {
  readonly sheet: SheetName
  /** 0-based index among the sheet's data rows. */
  readonly rowIndex: number
  readonly lineKey: string
  readonly status: ReviewStatus
  readonly comment: string
}

/** A cell Sync review will not accept: a non-review cell edited, or a status that is not one. */
export type ReviewProblem = {
  readonly kind: 'edited' | 'invalid-status'
  readonly address: string
  readonly column: string
  readonly written: string
  readonly found: string
}

/** What was read back from one sheet, per data row; `others` holds every column when it was read. */
export type SheetReading = {
  readonly layout: SheetLayout
  readonly keys: readonly unknown[]
  readonly reviews: readonly (readonly unknown[])[]
  readonly full: readonly (readonly unknown[])[] | null
}

export type SheetDiff = { readonly changes: ReviewChange[]; readonly problems: ReviewProblem[] }

const STATUS_BY_TEXT = new Map<string, ReviewStatus>(REVIEW_STATUSES.map((status) => [status.toLowerCase(), status]))

/** Compares one sheet as read with the model last written to it. */
export function diffSheet(reading: SheetReading): SheetDiff {
  const { layout } = reading
  const { sheet } = layout
  const changes: ReviewChange[] = []
  const problems: ReviewProblem[] = []
  sheet.rows.forEach((row, index) => {
    const gridRow = layout.firstDataRow + index
    const problem = (kind: ReviewProblem['kind'], column: number, written: unknown, found: unknown): void => {
      problems.push({
        kind,
        address: cellAddress(sheet.name, gridRow, column),
        column: sheet.columns[column]?.header ?? '',
        written: shown(written),
        found: shown(found),
      })
    }
    if (layout.keyColumn !== null && !sameCell(reading.keys[index], toExcelCell(row.key === '' ? null : row.key, 'id'))) {
      problem('edited', layout.keyColumn, row.key, reading.keys[index])
    }
    const fullRow = reading.full?.[index]
    if (fullRow !== undefined) {
      row.cells.forEach((cell, column) => {
        if (layout.reviewColumns.includes(column) || column === layout.keyColumn) return
        // A formula reads back as its value, recalculated by Excel; the cell itself is locked.
        if (isFormula(cell)) return
        const written = toExcelCell(cell, sheet.columns[column]?.format ?? 'text')
        if (!sameCell(fullRow[column], written)) problem('edited', column, written, fullRow[column])
      })
    }
    const read = reading.reviews[index] ?? []
    const reviewable = isReviewable(sheet, index, layout.statusColumn)
    const before = layout.reviewColumns.map((column) => cellText(row.cells[column] ?? null))
    const after = layout.reviewColumns.map((_, i) => cellText(read[i]))
    if (before.every((text, i) => text === after[i])) return
    if (!reviewable) {
      layout.reviewColumns.forEach((column, i) => {
        if (before[i] !== after[i]) problem('edited', column, before[i], after[i])
      })
      return
    }
    const statusAt = layout.reviewColumns.indexOf(layout.statusColumn ?? -1)
    const status = STATUS_BY_TEXT.get((after[statusAt] ?? '').toLowerCase())
    if (status === undefined) {
      problem('invalid-status', layout.statusColumn ?? 0, before[statusAt], after[statusAt])
      return
    }
    const comment = after.find((_, i) => i !== statusAt) ?? ''
    changes.push({ sheet: sheet.name, rowIndex: index, lineKey: row.key, status, comment })
  })
  return { changes, problems }
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)'
  return String(value)
}
