import { lcyUnits, type DemoContext, type EntityContext } from '../context.ts'
import { GROUPS, UNEXPLAINED_USD, type GroupDef } from '../plan/amounts.ts'
import { entityTotals } from './entity-totals.ts'

/**
 * The NAV balance of each account group of an entity, built backwards from the tie-out of
 * methodology §4: `sign × actuals = TV + explained + planted unexplained`, so the run's variance is the
 * bridges plus exactly the planted residue. Explained = timing + VTC totals (sign +1 each) for the
 * voucher liability; the customer bridges have sign 0.
 */
export type GroupBalance = {
  readonly group: GroupDef
  readonly tv: number
  readonly explained: number
  readonly unexplained: number
  /** NAV balance (debit positive) across the group's accounts. */
  readonly actuals: number
}

export function groupBalances(ctx: DemoContext, ec: EntityContext): GroupBalance[] {
  const totals = entityTotals(ctx, ec)
  const plan = UNEXPLAINED_USD[ec.entity.code]
  const timing = totals.vouchers.timingLines.reduce((sum, line) => sum + line.amount, 0)
  const vtc = totals.vouchers.vtcLines.reduce((sum, line) => sum + line.amount, 0)
  return GROUPS.map((group, index) => {
    const tv = totals.tv[group.key]
    const explained = group.key === 'voucher-liability' ? timing + vtc : 0
    const unexplained = ec.planted && plan ? lcyUnits(ec, plan[index] ?? 0) : 0
    return { group, tv, explained, unexplained, actuals: group.sign * (tv + explained + unexplained) }
  })
}

/** How a group's balance spreads over its accounts (shares of the total; the last takes the rest). */
export const ACCOUNT_SHARES: Readonly<Record<string, readonly number[]>> = {
  'collection-accounts': [0.7],
  'customer-ar': [0.91, 0.12],
  'packages-delivered': [0.8],
}

/** Splits cents by shares, truncating toward zero, the remainder on the last part: parts sum to the whole. */
export function splitCents(total: number, shares: readonly number[]): number[] {
  const parts: number[] = []
  let allotted = 0
  for (const share of shares) {
    const part = Math.trunc(total * share)
    parts.push(part)
    allotted += part
  }
  parts.push(total - allotted)
  return parts
}
