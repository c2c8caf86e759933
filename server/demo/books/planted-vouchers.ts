import type { DemoCalendar } from '../calendar.ts'
import { lcyUnits, type DemoContext, type EntityContext } from '../context.ts'
import type { PlantedDate, PlantedVoucher } from '../plan/discrepancies.ts'
import {
  inTimingScope,
  JDASH_FIRST_ONLY,
  JDASH_MIRROR,
  JDASH_NONE,
  PLANTED_ID_OFFSET,
  setValidity,
  STATE_ACTIVE,
  STATE_DEACTIVATED,
  STATE_USED_UP,
  type Voucher,
} from './voucher.ts'
import { useOf } from './business-uses.ts'

/** A planted voucher exactly as its spec says; ids sit `PLANTED_ID_OFFSET` above the entity's first id. */
export function fillPlantedVoucher(ctx: DemoContext, ec: EntityContext, index: number, spec: PlantedVoucher, v: Voucher): Voucher {
  const cal = ctx.calendar
  const slot = index - ec.counts.vouchers
  v.index = index
  v.id = String(ec.entity.voucherIdBase + PLANTED_ID_OFFSET + slot)
  v.planted = spec
  v.use = useOf(spec.businessUse)
  v.createdMonth = cal.monthN - spec.created.monthsAgo
  v.createdDay = dayOf(cal, spec.created)
  v.createdSecond = 36_000 + slot * 17
  setValidity(cal, v, spec.validityMonths ?? v.use.validityMonths)
  v.discount = lcyUnits(ec, spec.discountUsd)
  v.state = spec.state === 'active' ? STATE_ACTIVE : spec.state === 'used-up' ? STATE_USED_UP : STATE_DEACTIVATED
  v.active = spec.state === 'active'
  v.usageCount = spec.usages.length
  let used = 0
  spec.usages.forEach((usage, j) => {
    const last = j === spec.usages.length - 1
    const amount = last && spec.state === 'used-up' ? v.discount - used : lcyUnits(ec, usage.usd)
    v.usageMonth[j] = cal.monthN - usage.monthsAgo
    v.usageDay[j] = dayOf(cal, usage)
    v.usageSecond[j] = 43_200 + j * 600
    v.usageAmount[j] = amount
    v.usageShipping[j] = 0
    v.usageMarketplace[j] = Math.floor(amount / 2)
    used += amount
  })
  v.used = used
  if (spec.state === 'used-up') {
    v.inactiveDay = v.usageDay[v.usageCount - 1] ?? v.createdDay
    v.inactiveSecond = 64_800
  } else if (spec.state === 'deactivated') {
    v.inactiveDay = dayOf(cal, spec.inactive ?? { monthsAgo: 0, day: 1 })
    v.inactiveSecond = 50_400
  } else v.inactiveDay = -1
  v.shippingDiscount = 0
  v.customer = 9_000_000 + slot
  v.vtcStyle = 0
  v.manualUsageMask = 0
  v.jdashSplitMask = 0
  v.jdashMode = plantedJdashMode(cal, v, spec)
  v.jdashIdSuffix = spec.jdashIdSuffix ?? ''
  v.jdashExtra = spec.jdashExtraUsd === undefined ? 0 : lcyUnits(ec, spec.jdashExtraUsd)
  v.close = spec.close
  return v
}

function plantedJdashMode(cal: DemoCalendar, v: Voucher, spec: PlantedVoucher): number {
  if (spec.jdash === 'auto') return inTimingScope(cal, v) ? JDASH_MIRROR : JDASH_NONE
  if (spec.jdash === 'mirror') return JDASH_MIRROR
  return spec.jdash === 'first-only' ? JDASH_FIRST_ONLY : JDASH_NONE
}

function dayOf(cal: DemoCalendar, date: PlantedDate): number {
  return cal.day(cal.monthN - date.monthsAgo, date.day)
}
