import type { WorkbookModel } from '../../shared/sheets/model.ts'
import { toExcelCell } from './cells.ts'
import { jsonBytes } from './json-bytes.ts'
import { layoutOf, type SheetLayout } from './layout.ts'
import { READ_BUDGET_BYTES, type RangeRead, readRanges } from './range-reader.ts'
import { diffSheet, type ReviewChange, type ReviewProblem, type SheetReading } from './review-diff.ts'

export type ReviewScan = {
  readonly changes: readonly ReviewChange[]
  readonly problems: readonly ReviewProblem[]
  /** Sheets whose locked cells were trusted to protection rather than compared (too large to read). */
  readonly trustedToProtection: readonly string[]
  readonly syncs: number
}

/** Room left per cell for text a reviewer typed after the write. */
const SLACK_PER_CELL = 24

type Plan = { readonly layout: SheetLayout; readonly full: boolean }

/**
 * Reads the review columns and the key column of every reviewable sheet, in one request for
 * workbooks of normal size, and compares them with the model last written. Small sheets are read
 * whole, so an edit of a computed cell is found even if someone removed the protection; larger ones
 * rely on protection, and are read whole in extra requests only when their protection is off.
 */
export async function scanReviews(model: WorkbookModel, budget = READ_BUDGET_BYTES): Promise<ReviewScan> {
  const plans = planReads(model, budget)
  const reads = plans.flatMap((plan) => readsOf(plan.layout, plan.full))
  const first = await readRanges(reads, 'Reading the review columns', budget)
  const readings: SheetReading[] = []
  const trusted: string[] = []
  let syncs = first.syncs
  let cursor = 0
  for (const plan of plans) {
    const take = plan.full ? 1 : 2
    const parts = first.values.slice(cursor, cursor + take)
    cursor += take
    let full = plan.full ? (parts[0] ?? []) : null
    if (full === null && first.protectedSheets.get(plan.layout.sheet.name) === false) {
      const extra = await readRanges([wholeRead(plan.layout)], `Checking the unprotected ${plan.layout.sheet.name} sheet`, budget)
      syncs += extra.syncs
      full = extra.values[0] ?? []
    } else if (full === null) {
      trusted.push(plan.layout.sheet.name)
    }
    readings.push(full === null ? narrowReading(plan.layout, parts) : wideReading(plan.layout, full))
  }
  const diffs = readings.map(diffSheet)
  return { changes: diffs.flatMap((d) => d.changes), problems: diffs.flatMap((d) => d.problems), trustedToProtection: trusted, syncs }
}

/** Whole sheets, smallest first, while they fit one request beside the narrow reads of the rest. */
function planReads(model: WorkbookModel, budget: number): Plan[] {
  const layouts = model.sheets.map(layoutOf).filter((layout) => layout.reviewColumns.length > 0 && layout.keyColumn !== null)
  const narrow = new Map(layouts.map((layout) => [layout, sum(rowBytes(layout, narrowColumns(layout)))]))
  const wide = new Map(layouts.map((layout) => [layout, sum(rowBytes(layout, allColumns(layout)))]))
  let used = [...narrow.values()].reduce((a, b) => a + b, 0)
  const full = new Set<SheetLayout>()
  for (const layout of [...layouts].sort((a, b) => (wide.get(a) ?? 0) - (wide.get(b) ?? 0))) {
    const extra = (wide.get(layout) ?? 0) - (narrow.get(layout) ?? 0)
    if (used + extra > budget) break
    used += extra
    full.add(layout)
  }
  return layouts.map((layout) => ({ layout, full: full.has(layout) }))
}

function narrowColumns(layout: SheetLayout): number[] {
  return [layout.keyColumn ?? 0, ...layout.reviewColumns]
}

function allColumns(layout: SheetLayout): number[] {
  return layout.sheet.columns.map((_, index) => index)
}

function rowBytes(layout: SheetLayout, columns: readonly number[]): number[] {
  return layout.sheet.rows.map((row) => {
    const cells = columns.map((c) => toExcelCell(row.cells[c] ?? null, layout.sheet.columns[c]?.format ?? 'text'))
    return jsonBytes(cells) + SLACK_PER_CELL * columns.length
  })
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function readsOf(layout: SheetLayout, full: boolean): RangeRead[] {
  if (full) return [wholeRead(layout)]
  const first = Math.min(...layout.reviewColumns)
  const span = Math.max(...layout.reviewColumns) - first + 1
  const spanColumns = Array.from({ length: span }, (_, i) => first + i)
  return [
    {
      sheet: layout.sheet.name,
      row: layout.firstDataRow,
      column: layout.keyColumn ?? 0,
      columns: 1,
      rowBytes: rowBytes(layout, [layout.keyColumn ?? 0]),
    },
    { sheet: layout.sheet.name, row: layout.firstDataRow, column: first, columns: span, rowBytes: rowBytes(layout, spanColumns) },
  ]
}

function wholeRead(layout: SheetLayout): RangeRead {
  return {
    sheet: layout.sheet.name,
    row: layout.firstDataRow,
    column: 0,
    columns: layout.columnCount,
    rowBytes: rowBytes(layout, allColumns(layout)),
  }
}

function wideReading(layout: SheetLayout, full: readonly (readonly unknown[])[]): SheetReading {
  return {
    layout,
    keys: full.map((row) => row[layout.keyColumn ?? 0]),
    reviews: full.map((row) => layout.reviewColumns.map((c) => row[c])),
    full,
  }
}

function narrowReading(layout: SheetLayout, parts: readonly (readonly (readonly unknown[])[])[]): SheetReading {
  const first = Math.min(...layout.reviewColumns)
  const span = parts[1] ?? []
  return {
    layout,
    keys: (parts[0] ?? []).map((row) => row[0]),
    reviews: span.map((row) => layout.reviewColumns.map((c) => row[c - first])),
    full: null,
  }
}
