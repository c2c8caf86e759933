import {
  CATEGORIES,
  normalizeVoucherId,
  textEquals,
  VOUCHER_TYPES,
  type Category,
  type VoucherType,
} from '../../../shared/recon/vouchers.ts'
import type { DemoCalendar } from '../calendar.ts'
import { lcyUnits, type DemoContext, type EntityContext } from '../context.ts'
import { STRAY_JDASH_USD } from '../plan/discrepancies.ts'
import { Rng } from '../random.ts'
import { fillVoucher } from '../books/voucher-by-index.ts'
import { createVoucher, inTimingScope, isValid, remainingOf, STRAY_JDASH_ID_OFFSET, voucherCount, type Voucher } from '../books/voucher.ts'
import { createJdashRows, jdashRowsOf, jdashTotal } from '../books/voucher-jdash-rows.ts'
import { createNavEntries, intendedCategory, navEntriesOf, type NavEntries } from '../books/voucher-nav-entries.ts'

/** A planted voucher as the run should see it: a bridge line, a counted line or a check. */
export type VoucherFinding = {
  readonly role: string
  readonly voucherId: string
  readonly amount: number
  readonly detail: Readonly<Record<string, string | number | boolean | null>>
}

export type RollForwardCell = { readonly category: Category; readonly voucherType: VoucherType | null; nav: number; bob: number }

/**
 * What the voucher extracts add up to for one entity, computed from the generator's own voucher
 * model by one pass (no rows materialised): the 18412 TV, both voucher bridges and the
 * roll-forward by category × voucher type (methodology §4–§6).
 */
export type VoucherTotals = {
  tv: number
  timingLines: VoucherFinding[]
  timingCounted: VoucherFinding[]
  timingInScope: number
  timingNotInScope: VoucherFinding[]
  vtcLines: VoucherFinding[]
  vtcExcluded: VoucherFinding[]
  rollForward: RollForwardCell[]
}

const TYPE_SLOTS = VOUCHER_TYPES.length + 1

function cellIndex(category: Category, voucherType: VoucherType | null): number {
  return CATEGORIES.indexOf(category) * TYPE_SLOTS + (voucherType === null ? VOUCHER_TYPES.length : VOUCHER_TYPES.indexOf(voucherType))
}

export function voucherTotals(ctx: DemoContext, ec: EntityContext): VoucherTotals {
  const cal = ctx.calendar
  const rng = new Rng()
  const v = createVoucher()
  const entries = createNavEntries()
  const jdash = createJdashRows()
  const nav = new Float64Array(CATEGORIES.length * TYPE_SLOTS)
  const bob = new Float64Array(CATEGORIES.length * TYPE_SLOTS)
  const totals: VoucherTotals = {
    tv: 0,
    timingLines: [],
    timingCounted: [],
    timingInScope: 0,
    timingNotInScope: [],
    vtcLines: [],
    vtcExcluded: [],
    rollForward: [],
  }
  const count = voucherCount(ec)
  for (let i = 0; i < count; i++) {
    fillVoucher(ctx, ec, i, v, rng)
    navEntriesOf(cal, v, entries)
    if (v.use.nonMarketing && v.active && isValid(cal, v)) totals.tv += remainingOf(v)
    addTiming(cal, v, jdashTotal(jdashRowsOf(cal, v, jdash)), jdash.count, totals)
    addVtc(cal, v, entries, totals)
    addRollForward(cal, v, entries, nav, bob)
  }
  if (ec.planted) {
    const stray = String(ec.entity.voucherIdBase + STRAY_JDASH_ID_OFFSET)
    totals.timingNotInScope.push({
      role: 'jdash-unknown-voucher',
      voucherId: stray,
      amount: lcyUnits(ec, STRAY_JDASH_USD),
      detail: { reason: 'not in IPE_08' },
    })
  }
  totals.rollForward = rollForwardCells(nav, bob)
  return totals
}

function addTiming(cal: DemoCalendar, v: Voucher, jdashAmount: number, jdashRows: number, totals: VoucherTotals): void {
  const role = v.planted?.role ?? 'clean'
  const jdashId = v.id + v.jdashIdSuffix
  const id = normalizeVoucherId(jdashId) ?? v.id
  if (!inTimingScope(cal, v)) {
    if (jdashRows > 0)
      totals.timingNotInScope.push({
        role,
        voucherId: id,
        amount: jdashAmount,
        detail: { jdashVoucherId: jdashId, reason: notInScopeReason(cal, v) },
      })
    return
  }
  totals.timingInScope++
  const difference = jdashAmount - v.used
  const finding = {
    role,
    voucherId: id,
    amount: difference,
    detail: { jdashVoucherId: jdashRows > 0 ? jdashId : null, jdashLcy: jdashAmount, ipe08TotalAmountUsedLcy: v.used },
  }
  if (difference !== 0) totals.timingLines.push(finding)
  else if (v.planted && v.planted.role.startsWith('timing')) totals.timingCounted.push(finding)
}

function notInScopeReason(cal: DemoCalendar, v: Voucher): string {
  if (!v.use.nonMarketing) return `marketing business use "${v.use.businessUse}"`
  if (v.active) return 'voucher is active'
  return v.createdDay < cal.timingWindowStart ? 'created before the 12-month window' : 'not in scope'
}

/** VTC (methodology §6): refund, valid, inactive in N, with no NAV Cancellation or VTC entry. */
function addVtc(cal: DemoCalendar, v: Voucher, entries: NavEntries, totals: VoucherTotals): void {
  const role = v.planted?.role ?? 'clean'
  const candidate = textEquals(v.use.businessUse, 'refund') && isValid(cal, v) && !v.active && cal.inPeriod(v.inactiveDay)
  if (!candidate) {
    if (role.startsWith('vtc-'))
      totals.vtcExcluded.push({ role, voucherId: v.id, amount: remainingOf(v), detail: { reason: vtcExclusion(cal, v) } })
    return
  }
  const booking = navClosing(v, entries)
  if (booking === null)
    totals.vtcLines.push({ role, voucherId: v.id, amount: remainingOf(v), detail: { inactiveDate: cal.date(v.inactiveDay) } })
  else if (v.planted)
    totals.vtcExcluded.push({ role, voucherId: v.id, amount: remainingOf(v), detail: { reason: `booked in NAV as ${booking}` } })
}

function navClosing(v: Voucher, entries: NavEntries): string | null {
  for (let e = 0; e < entries.count; e++) {
    const intent = intendedCategory(entries.kind[e] ?? 0, v)
    if (intent.category === 'Cancellation' || intent.category === 'VTC') return intent.category
  }
  return null
}

function vtcExclusion(cal: DemoCalendar, v: Voucher): string {
  if (!textEquals(v.use.businessUse, 'refund')) return `business use "${v.use.businessUse}" is not refund`
  if (!isValid(cal, v)) return 'voucher is expired (Is_Valid expired)'
  if (v.active) return 'voucher is active'
  return 'became inactive outside N'
}

function addRollForward(cal: DemoCalendar, v: Voucher, entries: NavEntries, nav: Float64Array, bob: Float64Array): void {
  for (let e = 0; e < entries.count; e++) {
    const intent = intendedCategory(entries.kind[e] ?? 0, v)
    const amount = entries.amount[e] ?? 0
    // NAV issuance is a credit; the roll-forward shows it as a positive increase (methodology §5).
    addTo(nav, cellIndex(intent.category, intent.voucherType), intent.category === 'Issuance' ? -amount : amount)
  }
  if (!v.use.nonMarketing) return
  const type = v.use.type
  if (cal.inYearToDate(v.createdDay)) addTo(bob, cellIndex('Issuance', type), v.discount)
  for (let j = 0; j < v.usageCount; j++)
    if (cal.inYearToDate(v.usageDay[j] ?? 0)) addTo(bob, cellIndex('Usage', type), v.usageAmount[j] ?? 0)
  const remaining = remainingOf(v)
  if (!v.active && cal.inYearToDate(v.inactiveDay)) addTo(bob, cellIndex(type === 'Refund' ? 'VTC' : 'Cancellation', type), remaining)
  else if (cal.inYearToDate(v.toDay)) addTo(bob, cellIndex('Expired', type), remaining)
}

function addTo(cells: Float64Array, index: number, amount: number): void {
  cells[index] = (cells[index] ?? 0) + amount
}

function rollForwardCells(nav: Float64Array, bob: Float64Array): RollForwardCell[] {
  const cells: RollForwardCell[] = []
  CATEGORIES.forEach((category) => {
    ;[...VOUCHER_TYPES, null].forEach((voucherType) => {
      const index = cellIndex(category, voucherType)
      const navAmount = nav[index] ?? 0
      const bobAmount = bob[index] ?? 0
      if (navAmount !== 0 || bobAmount !== 0) cells.push({ category, voucherType, nav: navAmount, bob: bobAmount })
    })
  })
  return cells
}
