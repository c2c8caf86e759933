import type { Category, VoucherType } from '../../../shared/recon/vouchers.ts'
import type { DemoCalendar } from '../calendar.ts'
import { remainingOf, type Voucher } from './voucher.ts'

/**
 * The GL 18412 entries NAV holds for one voucher in the year to date, derived from the same BOB
 * movements the roll-forward compares them with (methodology §5), so that clean vouchers tie by
 * construction. Each entry kind is written with the text that makes its categorization rule fire.
 */
export const NAV = {
  issueIntegration: 1,
  issueManual: 2,
  usageIntegration: 3,
  usageManual: 4,
  expired: 5,
  vtcBank: 6,
  vtcManualRnd: 7,
  vtcPytGtb: 8,
  cancelAccrual: 9,
  cancelCreditMemo: 10,
  usageMisbooked: 11,
  vtcBankPaddedId: 12,
} as const

export const MAX_NAV_ENTRIES = 8

export type NavEntries = {
  count: number
  readonly kind: Int32Array
  readonly amount: Float64Array
  readonly day: Int32Array
  readonly second: Int32Array
  /** Index of the usage an entry books, −1 otherwise. */
  readonly usage: Int32Array
}

export function createNavEntries(): NavEntries {
  return {
    count: 0,
    kind: new Int32Array(MAX_NAV_ENTRIES),
    amount: new Float64Array(MAX_NAV_ENTRIES),
    day: new Int32Array(MAX_NAV_ENTRIES),
    second: new Int32Array(MAX_NAV_ENTRIES),
    usage: new Int32Array(MAX_NAV_ENTRIES),
  }
}

function push(out: NavEntries, kind: number, amount: number, day: number, second: number, usage: number): void {
  const i = out.count++
  out.kind[i] = kind
  out.amount[i] = amount
  out.day[i] = day
  out.second[i] = second
  out.usage[i] = usage
}

/** Marketing vouchers are expensed, never booked on 18412: they have no entries. */
export function navEntriesOf(cal: DemoCalendar, v: Voucher, out: NavEntries): NavEntries {
  out.count = 0
  if (!v.use.nonMarketing) return out
  if (cal.inYearToDate(v.createdDay)) push(out, issuanceKind(v), -v.discount, v.createdDay, v.createdSecond, -1)
  for (let j = 0; j < v.usageCount; j++) {
    const day = v.usageDay[j] ?? 0
    if (!cal.inYearToDate(day)) continue
    const kind = (v.manualUsageMask >> j) & 1 ? NAV.usageManual : NAV.usageIntegration
    push(out, kind, v.usageAmount[j] ?? 0, day, v.usageSecond[j] ?? 0, j)
  }
  const remaining = remainingOf(v)
  if (remaining <= 0) return out
  if (!v.active && cal.inYearToDate(v.inactiveDay)) {
    const kind = closingKind(v)
    if (kind > 0) push(out, kind, remaining, v.inactiveDay, v.inactiveSecond, -1)
  } else if (cal.inYearToDate(v.toDay) && v.close === 'auto') {
    push(out, NAV.expired, remaining, v.toDay, 72_000, -1)
  }
  return out
}

function issuanceKind(v: Voucher): number {
  return v.use.type === 'Store Credit' ? NAV.issueManual : NAV.issueIntegration
}

function closingKind(v: Voucher): number {
  switch (v.close) {
    case 'none':
      return 0
    case 'bank':
      return NAV.vtcBank
    case 'bank-padded':
      return NAV.vtcBankPaddedId
    case 'manual-rnd':
      return NAV.vtcManualRnd
    case 'pyt-gtb':
      return NAV.vtcPytGtb
    case 'credit-memo':
      return NAV.cancelCreditMemo
    case 'usage':
      return NAV.usageMisbooked
    case 'auto':
      return autoClosingKind(v)
  }
}

/** How clean data books a deactivated voucher's balance: refunds go to cash, the rest is cancelled. */
function autoClosingKind(v: Voucher): number {
  if (v.use.type === 'Refund') return [NAV.vtcBank, NAV.vtcManualRnd, NAV.vtcPytGtb][v.vtcStyle] ?? NAV.vtcBank
  if (v.use.type === 'Apology') return NAV.cancelAccrual
  return NAV.cancelCreditMemo
}

/** The category and voucher type an entry kind is written to receive (checked by the tests). */
export function intendedCategory(kind: number, v: Voucher): { category: Category; voucherType: VoucherType | null } {
  switch (kind) {
    case NAV.issueIntegration:
    case NAV.issueManual:
      return { category: 'Issuance', voucherType: v.use.type }
    case NAV.usageIntegration:
    case NAV.usageManual:
    case NAV.usageMisbooked:
      return { category: 'Usage', voucherType: v.use.type }
    case NAV.expired:
      return { category: 'Expired', voucherType: v.use.type }
    case NAV.cancelAccrual:
      return { category: 'Cancellation', voucherType: 'Apology' }
    case NAV.cancelCreditMemo:
      return { category: 'Cancellation', voucherType: 'Store Credit' }
    default:
      return { category: 'VTC', voucherType: 'Refund' }
  }
}
