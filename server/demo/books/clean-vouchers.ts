import type { DemoCalendar } from '../calendar.ts'
import { lcyCents, type DemoContext, type EntityContext } from '../context.ts'
import { rowKey, type Rng } from '../random.ts'
import {
  inTimingScope,
  JDASH_MIRROR,
  JDASH_NONE,
  setValidity,
  STATE_ACTIVE,
  STATE_DEACTIVATED,
  STATE_USED_UP,
  type Voucher,
} from './voucher.ts'
import { pickUse, type VoucherUse } from './business-uses.ts'

/**
 * A clean voucher drawn from (seed, entity, index): a business use, a creation within the last
 * 36 months (70% within 12), and a life that is active, used up or deactivated with a balance.
 * The draws keep every bridge empty by construction (see the constraints noted below).
 */
export function fillBulkVoucher(ctx: DemoContext, ec: EntityContext, index: number, v: Voucher, rng: Rng): Voucher {
  const cal = ctx.calendar
  rng.reset(rowKey(ec.streams.voucher, index))
  v.index = index
  v.id = String(ec.entity.voucherIdBase + index)
  v.planted = null
  v.close = 'auto'
  v.jdashIdSuffix = ''
  v.jdashExtra = 0
  drawBirth(cal, ec, v, rng)
  const lastUsageMonth = drawLife(cal, v, rng)
  drawUsages(cal, v, lastUsageMonth, rng)
  v.shippingDiscount = rng.next() < 0.1 ? lcyCents(ec, 0.5 + rng.next() * 2) : 0
  v.customer = 1_000_000 + rng.int(8_000_000)
  const style = rng.next()
  v.vtcStyle = style < 0.6 ? 0 : style < 0.85 ? 1 : 2
  v.manualUsageMask = ec.entity.country === 'NG' ? bits(rng, v.usageCount, 0.03) : 0
  v.jdashSplitMask = bits(rng, v.usageCount, 0.35)
  v.jdashMode = inTimingScope(cal, v) ? JDASH_MIRROR : JDASH_NONE
  return v
}

/** Business use, creation (70% within the last 12 months, the rest up to 36 back), validity, face value. */
function drawBirth(cal: DemoCalendar, ec: EntityContext, v: Voucher, rng: Rng): void {
  const use = pickUse(rng.next())
  v.use = use
  const monthsAgo = rng.next() < 0.7 ? rng.int(12) : 12 + rng.int(24)
  v.createdMonth = cal.monthN - monthsAgo
  v.createdDay = cal.monthStart(v.createdMonth) + rng.int(cal.daysInMonth(v.createdMonth))
  v.createdSecond = rng.int(86_400)
  setValidity(cal, v, use.validityMonths)
  v.discount = Math.max(1, Math.round((use.usdMin + rng.next() * (use.usdMax - use.usdMin)) * ec.rate)) * 100
}

/** Active, used up or deactivated (`v.state`); returns the last month a usage may fall in. */
function drawLife(cal: DemoCalendar, v: Voucher, rng: Rng): number {
  let state = pickState(rng.next(), v.use)
  let limit = Math.min(cal.monthN, v.toMonth)
  // A used-up refund voucher goes inactive at its last use: keep that before N, or VTC would list it at 0.00.
  if (state === STATE_USED_UP && v.use.businessUse === 'refund') limit = Math.min(limit, cal.monthN - 1)
  if (state !== STATE_ACTIVE && limit < v.createdMonth) state = STATE_ACTIVE
  v.inactiveDay = -1
  if (state === STATE_DEACTIVATED) {
    const inactiveDay = deactivationDay(cal, v, rng)
    if (inactiveDay < 0) state = STATE_ACTIVE
    else {
      v.inactiveDay = inactiveDay
      v.inactiveSecond = rng.int(86_400)
      limit = Math.min(limit, cal.monthOf(inactiveDay))
    }
  }
  if (state === STATE_ACTIVE) limit = Math.min(cal.monthN, v.toMonth)
  v.state = state
  v.active = state === STATE_ACTIVE
  return limit
}

/** Usage to date: all of the face value when used up, part of it otherwise, at least one unit per usage. */
function drawUsages(cal: DemoCalendar, v: Voucher, lastUsageMonth: number, rng: Rng): void {
  const state = v.state
  let count = usageCountFor(state, rng.next())
  let total =
    state === STATE_USED_UP ? v.discount : Math.floor(v.discount * (state === STATE_ACTIVE ? 0.1 + 0.8 * rng.next() : 0.7 * rng.next()))
  count = Math.min(count, lastUsageMonth - v.createdMonth + 1, Math.floor(total / 100))
  if (count <= 0) {
    count = 0
    total = 0
  }
  v.usageCount = count
  v.used = total
  placeUsages(cal, v, lastUsageMonth, rng)
  splitUsages(v, rng)
  if (state === STATE_USED_UP) {
    const last = count - 1
    v.inactiveDay = v.usageDay[last] ?? v.createdDay
    v.inactiveSecond = Math.min(86_399, (v.usageSecond[last] ?? 0) + 60 + rng.int(3_000))
  }
}

function pickState(u: number, use: VoucherUse): number {
  if (u < 0.5) return STATE_ACTIVE
  if (u < 0.85 || use.businessUse === 'jforce') return STATE_USED_UP
  return STATE_DEACTIVATED
}

function usageCountFor(state: number, u: number): number {
  if (state === STATE_USED_UP) return u < 0.55 ? 1 : u < 0.85 ? 2 : 3
  if (state === STATE_ACTIVE) return u < 0.45 ? 0 : u < 0.8 ? 1 : u < 0.95 ? 2 : 3
  return u < 0.4 ? 0 : u < 0.85 ? 1 : 2
}

/**
 * A deactivation day before expiry and by the closing date; when the voucher expires within the
 * year to date it is deactivated within the year too, so no voucher deactivated in an earlier year
 * counts as Expired in this one (methodology §5 precedence, kept unambiguous). −1 when no day fits.
 */
function deactivationDay(cal: DemoCalendar, v: Voucher, rng: Rng): number {
  const high = Math.min(v.toDay - 1, cal.closingDay)
  let low = v.createdDay
  if (cal.inYearToDate(v.toDay)) low = Math.max(low, cal.yearStart)
  return low > high ? -1 : low + rng.int(high - low + 1)
}

/** Distinct ascending delivery months in [created month, limit], a day in each within the voucher's life. */
function placeUsages(cal: DemoCalendar, v: Voucher, limit: number, rng: Rng): void {
  const span = limit - v.createdMonth + 1
  let previous = -1
  for (let j = 0; j < v.usageCount; j++) {
    const position = Math.max(previous + 1, Math.floor(((j + rng.next()) * span) / v.usageCount))
    previous = position
    const month = v.createdMonth + position
    const low = Math.max(cal.monthStart(month), v.createdDay)
    let high = Math.min(cal.monthStart(month) + cal.daysInMonth(month) - 1, cal.closingDay, v.toDay)
    if (v.inactiveDay >= 0 && !v.active) high = Math.min(high, v.inactiveDay)
    v.usageMonth[j] = month
    v.usageDay[j] = low + rng.int(Math.max(1, high - low + 1))
    v.usageSecond[j] = rng.int(86_400)
  }
}

/** Splits `used` over the usages, at least one LCY unit each, remainder on the last. */
function splitUsages(v: Voucher, rng: Rng): void {
  const count = v.usageCount
  if (count === 0) return
  const spare = v.used - 100 * count
  let weightSum = 0
  for (let j = 0; j < count; j++) {
    const weight = 0.3 + rng.next()
    v.usageAmount[j] = weight
    weightSum += weight
  }
  let allotted = 0
  for (let j = 0; j < count; j++) {
    const amount = j === count - 1 ? v.used - allotted : 100 + Math.floor((spare * (v.usageAmount[j] ?? 0)) / weightSum)
    v.usageAmount[j] = amount
    allotted += amount
    const shipping = rng.next() < 0.15 ? Math.floor(amount * 0.2 * rng.next()) : 0
    v.usageShipping[j] = shipping
    v.usageMarketplace[j] = Math.floor((amount - shipping) * (MARKETPLACE_SHARES[rng.int(MARKETPLACE_SHARES.length)] ?? 0))
  }
}

const MARKETPLACE_SHARES = [0, 0.4, 0.7, 1]

function bits(rng: Rng, count: number, probability: number): number {
  let mask = 0
  for (let j = 0; j < count; j++) if (rng.next() < probability) mask |= 1 << j
  return mask
}
