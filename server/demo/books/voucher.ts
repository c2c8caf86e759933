import type { DemoCalendar } from '../calendar.ts'
import type { EntityContext } from '../context.ts'
import type { CloseMode, PlantedVoucher } from '../plan/discrepancies.ts'
import { pickUse, type VoucherUse } from './business-uses.ts'

export const MAX_USAGES = 4
/** Ids of planted vouchers sit this far above the entity's first voucher id. */
export const PLANTED_ID_OFFSET = 9_000_000
export const STRAY_JDASH_ID_OFFSET = 9_500_000

export const STATE_ACTIVE = 0
export const STATE_USED_UP = 1
export const STATE_DEACTIVATED = 2

export const JDASH_NONE = 0
export const JDASH_MIRROR = 1
export const JDASH_FIRST_ONLY = 2

/**
 * One voucher's whole life as the generator sees it: a reusable scratch object, filled by
 * `fillVoucher` from (seed, entity, index) alone, so IPE_08, IPE_08_USAGE, CR_03 and JDASH all
 * derive their rows from the same values. Amounts are cents, days are calendar day numbers.
 */
export type Voucher = {
  index: number
  id: string
  use: VoucherUse
  createdMonth: number
  createdDay: number
  createdSecond: number
  toMonth: number
  toDay: number
  /** STATE_ACTIVE, STATE_USED_UP (inactive at its last use) or STATE_DEACTIVATED (inactive with a balance). */
  state: number
  active: boolean
  inactiveDay: number
  inactiveSecond: number
  discount: number
  used: number
  usageCount: number
  readonly usageMonth: Int32Array
  readonly usageDay: Int32Array
  readonly usageSecond: Int32Array
  readonly usageAmount: Float64Array
  readonly usageShipping: Float64Array
  readonly usageMarketplace: Float64Array
  shippingDiscount: number
  customer: number
  /** Bulk VTC booking style: 0 bank account, 1 MANUAL RND, 2 PYT_ with GTB comment. */
  vtcStyle: number
  /** Bit j: usage j was posted by hand with ITEMPRICECREDIT (Nigeria's exception, rule 7). */
  manualUsageMask: number
  /** Bit j: Ops split usage j over two orders (two Jdash rows). */
  jdashSplitMask: number
  jdashMode: number
  jdashIdSuffix: string
  jdashExtra: number
  close: CloseMode
  planted: PlantedVoucher | null
}

export function createVoucher(): Voucher {
  return {
    index: 0,
    id: '',
    use: pickUse(0),
    createdMonth: 0,
    createdDay: 0,
    createdSecond: 0,
    toMonth: 0,
    toDay: 0,
    state: STATE_ACTIVE,
    active: true,
    inactiveDay: -1,
    inactiveSecond: 0,
    discount: 0,
    used: 0,
    usageCount: 0,
    usageMonth: new Int32Array(MAX_USAGES),
    usageDay: new Int32Array(MAX_USAGES),
    usageSecond: new Int32Array(MAX_USAGES),
    usageAmount: new Float64Array(MAX_USAGES),
    usageShipping: new Float64Array(MAX_USAGES),
    usageMarketplace: new Float64Array(MAX_USAGES),
    shippingDiscount: 0,
    customer: 0,
    vtcStyle: 0,
    manualUsageMask: 0,
    jdashSplitMask: 0,
    jdashMode: JDASH_NONE,
    jdashIdSuffix: '',
    jdashExtra: 0,
    close: 'auto',
    planted: null,
  }
}

export function voucherCount(ec: EntityContext): number {
  return ec.counts.vouchers + ec.plantedVouchers
}

export function remainingOf(v: Voucher): number {
  return v.discount - v.used
}

/** `Is_Valid`: expired when `to_date` is before the first day of N+1. */
export function isValid(calendar: DemoCalendar, v: Voucher): boolean {
  return v.toDay >= calendar.nextPeriodStart
}

/** Timing-bridge scope (methodology §6): non-marketing, inactive, created in the 12-month window. */
export function inTimingScope(calendar: DemoCalendar, v: Voucher): boolean {
  return v.use.nonMarketing && !v.active && v.createdDay >= calendar.timingWindowStart
}

/** `to_date`: the same day of month, `months` later (clamped to the month's length), at 23:59:59. */
export function setValidity(cal: DemoCalendar, v: Voucher, months: number): void {
  v.toMonth = v.createdMonth + months
  v.toDay = cal.day(v.toMonth, v.createdDay - cal.monthStart(v.createdMonth) + 1)
}
