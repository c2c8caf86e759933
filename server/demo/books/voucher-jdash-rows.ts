import type { DemoCalendar } from '../calendar.ts'
import { JDASH_FIRST_ONLY, JDASH_MIRROR, JDASH_NONE, MAX_USAGES, type Voucher } from './voucher.ts'

/** The Ops (Jdash) usage rows of one voucher: one per delivered order, plus any planted extra. */
export type JdashRows = {
  count: number
  readonly amount: Float64Array
  readonly day: Int32Array
  readonly second: Int32Array
  /** Usage index the row mirrors, −1 for an order BOB has not delivered yet. */
  readonly usage: Int32Array
}

const MAX_ROWS = MAX_USAGES * 2 + 1

export function createJdashRows(): JdashRows {
  return {
    count: 0,
    amount: new Float64Array(MAX_ROWS),
    day: new Int32Array(MAX_ROWS),
    second: new Int32Array(MAX_ROWS),
    usage: new Int32Array(MAX_ROWS),
  }
}

function push(out: JdashRows, amount: number, day: number, second: number, usage: number): void {
  const i = out.count++
  out.amount[i] = amount
  out.day[i] = day
  out.second[i] = second
  out.usage[i] = usage
}

export function jdashRowsOf(cal: DemoCalendar, v: Voucher, out: JdashRows): JdashRows {
  out.count = 0
  if (v.jdashMode === JDASH_NONE) return out
  const usages = v.jdashMode === JDASH_FIRST_ONLY ? Math.min(1, v.usageCount) : v.usageCount
  for (let j = 0; j < usages; j++) {
    const amount = v.usageAmount[j] ?? 0
    const day = v.usageDay[j] ?? 0
    const second = v.usageSecond[j] ?? 0
    if (v.jdashMode === JDASH_MIRROR && (v.jdashSplitMask >> j) & 1 && amount >= 2) {
      const first = Math.floor(amount * 0.45)
      push(out, first, day, second, j)
      push(out, amount - first, day, Math.min(86_399, second + 90), j)
    } else push(out, amount, day, second, j)
  }
  if (v.jdashExtra > 0) push(out, v.jdashExtra, cal.closingDay - 1, 61_200, -1)
  return out
}

export function jdashTotal(rows: JdashRows): number {
  let total = 0
  for (let i = 0; i < rows.count; i++) total += rows.amount[i] ?? 0
  return total
}
