import type { Ipe08Row, Ipe08UsageRow } from '../extracts/rows.ts'
import { type Cents, assertSafeCents, subCents } from '../money.ts'
import { type Period, inRange, yearMonthNumber } from '../period.ts'
import { compareCategory, compareVoucherType } from './categorization/order.ts'
import type { NavMovement } from './categorization/summary.ts'
import { companyKey } from './voucher-lookup.ts'
import { type Category, NO_VOUCHER_TYPE, type VoucherType, isInactive, isNonMarketing, voucherTypeOfBusinessUse } from './vouchers.ts'

export type RollForwardVoucherType = VoucherType | typeof NO_VOUCHER_TYPE

/** One bucket of the Variance sheet in LCY cents; USD, thresholds and status are added later. */
export type RollForwardLine = {
  readonly companyCode: string
  readonly category: Category
  readonly voucherType: RollForwardVoucherType
  readonly navLcy: Cents
  readonly bobLcy: Cents
  /** NAV − BOB. */
  readonly varianceLcy: Cents
}

export type RollForwardInput = {
  readonly companyCode: string
  readonly period: Period
  readonly navMovements: Iterable<NavMovement>
  readonly vouchers: Iterable<Ipe08Row>
  readonly usage: Iterable<Ipe08UsageRow>
}

/** BOB side of roll-forward buckets of one entity, summed per category × voucher type. */
export type BobMovement = {
  readonly category: Category
  readonly voucherType: RollForwardVoucherType
  /** An exact sum of safe cents; checked once, when its line is made. */
  readonly amountLcy: number
}

/** Running sums in cents, checked for exactness once per line. */
type Cell = { category: Category; voucherType: RollForwardVoucherType; nav: number; bob: number }
type Buckets = Map<string, Cell>

/**
 * Year-to-date NAV movement versus BOB movement per category × voucher type of one entity
 * (methodology §5 "Roll-forward"). Buckets are the union of both sides, in CATEGORIES then VOUCHER_TYPES
 * order with `(none)` last.
 */
export function computeRollForward(input: RollForwardInput): RollForwardLine[] {
  const { companyCode, period, vouchers, usage } = input
  return rollForwardLines(companyCode, input.navMovements, bobMovements({ companyCode, period, vouchers, usage }))
}

/**
 * The BOB side alone, from IPE_08 and its usage: a run sums it while reading those rows, without
 * holding them, before categorizing CR_03 gives the NAV side.
 */
export function bobMovements(input: Omit<RollForwardInput, 'navMovements'>): BobMovement[] {
  const companyCode = companyKey(input.companyCode)
  const side = createBobSide(input.period)
  for (const voucher of input.vouchers) if (companyKey(voucher.companyCode) === companyCode) side.addVoucher(voucher)
  for (const row of input.usage) if (companyKey(row.companyCode) === companyCode) side.addUsage(row)
  return side.movements()
}

/** One entity's BOB side, summed row by row: IPE_08 rows, then IPE_08_USAGE rows. */
export type BobSide = {
  addVoucher(voucher: Ipe08Row): void
  addUsage(row: Ipe08UsageRow): void
  movements(): BobMovement[]
}

export function createBobSide(period: Period): BobSide {
  const buckets: Buckets = new Map()
  const fromMonth = yearMonthNumber(period.year, 1)
  const toMonth = yearMonthNumber(period.year, period.month)
  return {
    addVoucher: (voucher) => addVoucher(buckets, voucher, period),
    addUsage(row) {
      if (!isNonMarketing(row.businessUse)) return
      const month = row.deliveryMonth
      if (month === null || month < fromMonth || month > toMonth || row.totalAmountUsed === null) return
      bucket(buckets, 'Usage', typeOf(row.businessUse)).bob += row.totalAmountUsed
    },
    movements: () => [...buckets.values()].map(({ category, voucherType, bob }) => ({ category, voucherType, amountLcy: bob })),
  }
}

/** The lines of one entity from both sides of its buckets. */
export function rollForwardLines(company: string, navMovements: Iterable<NavMovement>, bob: Iterable<BobMovement>): RollForwardLine[] {
  const companyCode = companyKey(company)
  const buckets: Buckets = new Map()
  for (const movement of navMovements) {
    if (companyKey(movement.companyCode) !== companyCode) continue
    bucket(buckets, movement.category, movement.voucherType ?? NO_VOUCHER_TYPE).nav += movement.amountLcy
  }
  for (const movement of bob) bucket(buckets, movement.category, movement.voucherType).bob += movement.amountLcy
  return [...buckets.values()].sort(compareCells).map((cell) => line(companyCode, cell))
}

/**
 * Issuance by `created_at`; then one of VTC/Cancellation (inactive, and became inactive this year)
 * or Expired (`to_date` this year): inactive-in-year takes precedence, so no voucher counts twice.
 */
function addVoucher(buckets: Buckets, voucher: Ipe08Row, period: Period): void {
  if (!isNonMarketing(voucher.businessUse)) return
  const { yearStart, nextPeriodStart } = period
  const voucherType = typeOf(voucher.businessUse)
  if (voucher.discountAmount !== null && inRange(voucher.createdAt, yearStart, nextPeriodStart)) {
    bucket(buckets, 'Issuance', voucherType).bob += voucher.discountAmount
  }
  const remaining = voucher.remainingAmount
  if (remaining === null) return
  const inactiveDate = voucher.voucherInactiveDate ?? voucher.minInactiveDate
  if (isInactive(voucher.isActive) && inRange(inactiveDate, yearStart, nextPeriodStart)) {
    bucket(buckets, voucherType === 'Refund' ? 'VTC' : 'Cancellation', voucherType).bob += remaining
  } else if (inRange(voucher.toDate, yearStart, nextPeriodStart)) {
    bucket(buckets, 'Expired', voucherType).bob += remaining
  }
}

function typeOf(businessUse: string | null): RollForwardVoucherType {
  return voucherTypeOfBusinessUse(businessUse) ?? NO_VOUCHER_TYPE
}

function bucket(buckets: Buckets, category: Category, voucherType: RollForwardVoucherType): Cell {
  const key = `${category}\u0000${voucherType}`
  let cell = buckets.get(key)
  if (cell === undefined) {
    cell = { category, voucherType, nav: 0, bob: 0 }
    buckets.set(key, cell)
  }
  return cell
}

function line(companyCode: string, cell: Cell): RollForwardLine {
  const navLcy = assertSafeCents(cell.nav)
  const bobLcy = assertSafeCents(cell.bob)
  return { companyCode, category: cell.category, voucherType: cell.voucherType, navLcy, bobLcy, varianceLcy: subCents(navLcy, bobLcy) }
}

function compareCells(a: Cell, b: Cell): number {
  return compareCategory(a.category, b.category) || compareVoucherType(a.voucherType, b.voucherType)
}
