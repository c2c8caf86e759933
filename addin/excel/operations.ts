import type { ExcelCell } from './cells.ts'
import { jsonBytes } from './json-bytes.ts'

/** What one batch's operations share: the context and sheet proxies fetched once per request. */
export type BatchScope = {
  readonly context: Excel.RequestContext
  sheet(name: string): Excel.Worksheet
}

/**
 * One step of a workbook write, queued on the context when its batch is sent. `bytes` estimates
 * its share of the request; `take` lets a large write give up its first rows to fill a batch.
 */
export type Operation = {
  readonly label: string
  readonly bytes: number
  apply(scope: BatchScope): void
  /** The first rows within `budget` (at least `minRows`) and the rest; null when it cannot split. */
  take?(budget: number, minRows: 0 | 1): readonly [Operation, Operation] | null
  /** An operation whose request must have been synced first (its loads are read here). */
  readonly after?: Operation
}

/** The request envelope of one queued call: object path, method, ids (a generous estimate). */
export const CALL_OVERHEAD_BYTES = 512

export function operation(label: string, apply: (scope: BatchScope) => void, payload: unknown = null, after?: Operation): Operation {
  return { label, bytes: CALL_OVERHEAD_BYTES + jsonBytes(payload), apply, after }
}

export type ValuesTarget = { readonly sheet: string; readonly row: number; readonly column: number }

/**
 * Writes `rows` (all of one width) from `target` down. Row sizes are summed once, so taking the
 * rows that fit a budget is a binary search.
 */
export function valuesOperation(label: string, target: ValuesTarget, rows: readonly (readonly ExcelCell[])[]): Operation {
  const prefix = new Float64Array(rows.length + 1)
  for (let i = 0; i < rows.length; i++) prefix[i + 1] = (prefix[i] ?? 0) + jsonBytes(rows[i]) + 1
  return rowSlice(label, target, rows, prefix, 0, rows.length)
}

function rowSlice(
  label: string,
  target: ValuesTarget,
  rows: readonly (readonly ExcelCell[])[],
  prefix: Float64Array,
  start: number,
  end: number,
): Operation {
  const sizeOf = (from: number, to: number): number => CALL_OVERHEAD_BYTES + (prefix[to] ?? 0) - (prefix[from] ?? 0)
  return {
    label: `${label} (rows ${start + 1}–${end})`,
    bytes: sizeOf(start, end),
    apply({ sheet }) {
      const width = rows[start]?.length ?? 0
      const range = sheet(target.sheet).getRangeByIndexes(target.row + start, target.column, end - start, width)
      range.values = rows.slice(start, end) as ExcelCell[][]
    },
    take(budget, minRows) {
      let low = start
      let high = end
      while (low < high) {
        const mid = Math.ceil((low + high) / 2)
        if (sizeOf(start, mid) <= budget) low = mid
        else high = mid - 1
      }
      low = Math.max(low, start + minRows)
      if (low === start || low >= end) return null
      return [rowSlice(label, target, rows, prefix, start, low), rowSlice(label, target, rows, prefix, low, end)]
    },
  }
}
