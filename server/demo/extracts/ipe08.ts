import type { DemoCalendar } from '../calendar.ts'
import type { DemoContext, EntityContext } from '../context.ts'
import { Rng } from '../random.ts'
import { fillVoucher } from '../books/voucher-by-index.ts'
import { createVoucher, isValid, remainingOf, voucherCount, type Voucher } from '../books/voucher.ts'
import { money, rowEntities } from './common.ts'

/** IPE_08: one row per voucher, usage to date summed from the same usages as IPE_08_USAGE. */
export function* voucherRows(ctx: DemoContext): Generator<unknown[]> {
  const rng = new Rng()
  const v = createVoucher()
  for (const ec of rowEntities(ctx)) {
    const count = voucherCount(ec)
    for (let i = 0; i < count; i++) yield voucherRow(ctx.calendar, ec, fillVoucher(ctx, ec, i, v, rng))
  }
}

const END_OF_DAY = 86_399

function voucherRow(cal: DemoCalendar, ec: EntityContext, v: Voucher): unknown[] {
  let shipping = 0
  let marketplace = 0
  let lastUsage = -1
  let lastUsageSecond = 0
  for (let j = 0; j < v.usageCount; j++) {
    shipping += v.usageShipping[j] ?? 0
    marketplace += v.usageMarketplace[j] ?? 0
    lastUsage = v.usageDay[j] ?? lastUsage
    lastUsageSecond = v.usageSecond[j] ?? 0
  }
  const retail = v.used - shipping - marketplace
  const remaining = remainingOf(v)
  const inactive = !v.active
  const inactiveText = inactive ? cal.dateTime(v.inactiveDay, v.inactiveSecond) : null
  const toText = cal.dateTime(v.toDay, END_OF_DAY)
  const minInactive = inactive && v.inactiveDay < v.toDay ? inactiveText : toText
  const updatedDay = Math.max(v.createdDay, lastUsage, inactive ? v.inactiveDay : -1)
  return [
    ec.entity.code,
    v.id,
    v.use.businessUse,
    formattedUse(v),
    v.use.templateId,
    v.use.templateName,
    `${v.use.templateName} ${v.id}`,
    inactive ? 0 : 1,
    'reusablecredit',
    'active',
    money(v.discount),
    cal.dateTime(v.createdDay, v.createdSecond),
    toText,
    cal.yearMonth(v.toMonth),
    isValid(cal, v) ? 'valid' : 'expired',
    cal.dateTime(v.createdDay, v.createdSecond),
    cal.yearMonth(v.createdMonth),
    cal.yearMonth(cal.monthOf(updatedDay)),
    lastUsage < 0 ? null : cal.dateTime(lastUsage, lastUsageSecond),
    cal.dateTime(cal.closingDay, END_OF_DAY),
    inactiveText,
    null,
    inactive ? cal.yearMonth(cal.monthOf(v.inactiveDay)) : null,
    null,
    reasonOf(v, remaining),
    cal.dateTime(updatedDay, updatedDay === v.createdDay ? v.createdSecond : END_OF_DAY - 3_600),
    String(v.customer),
    money(v.used),
    v.usageCount,
    money(remaining),
    'reusablecredit',
    money(v.shippingDiscount),
    money(shipping),
    money(marketplace),
    money(retail),
    money(v.used),
    money(remaining),
    minInactive,
  ]
}

function formattedUse(v: Voucher): string {
  if (v.use.type !== 'Store Credit' || v.use.businessUse === 'store_credit') return v.use.businessUse
  return ['jpay_store_credit_gift', 'jpay_store_credit_DS', 'jpay_store_credit_other'][v.index % 3] ?? 'jpay_store_credit_other'
}

function reasonOf(v: Voucher, remaining: number): string | null {
  if (v.active) return null
  if (remaining === 0) return 'fully used'
  return v.use.type === 'Refund' ? 'refunded to customer' : 'cancelled'
}
