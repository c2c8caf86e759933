import type { DemoCalendar } from '../calendar.ts'
import { lcyUnits, type DemoContext, type EntityContext } from '../context.ts'
import { PLANTED_UNCATEGORIZED } from '../plan/discrepancies.ts'
import { Rng } from '../random.ts'
import { fillVoucher } from '../books/voucher-by-index.ts'
import { createVoucher, voucherCount, type Voucher } from '../books/voucher.ts'
import { createNavEntries, navEntriesOf } from '../books/voucher-nav-entries.ts'
import { rowEntities } from './common.ts'
import { createNavDraft, integrationUser, navRow, type NavDraft } from './nav-row.ts'
import { describeVoucherEntry } from './nav-voucher-text.ts'
import { describeOtherEntry } from './nav-other.ts'

/** First G/L entry number of every company; the planted uncategorized rows take the first ones. */
export const ENTRY_BASE = 10_000_000

/**
 * CR_03, year to date: per company, the planted uncategorized 18412 rows, then every voucher's
 * 18412 entries (issuance, usage, expiry, VTC, cancellation), then entries of the other accounts
 * of the account map (counted by the run, never categorized).
 */
export function* navEntryRowsOf(ctx: DemoContext): Generator<unknown[]> {
  const cal = ctx.calendar
  const rng = new Rng()
  const v = createVoucher()
  const entries = createNavEntries()
  const draft = createNavDraft()
  for (const ec of rowEntities(ctx)) {
    if (ec.planted) {
      for (let k = 0; k < PLANTED_UNCATEGORIZED.length; k++) {
        uncategorizedDraft(cal, ec, k, draft)
        yield navRow(cal, ec, draft)
      }
    }
    draft.entryNo = ENTRY_BASE
    const vouchers = voucherCount(ec)
    for (let i = 0; i < vouchers; i++) {
      fillVoucher(ctx, ec, i, v, rng)
      navEntriesOf(cal, v, entries)
      for (let e = 0; e < entries.count; e++) {
        draft.entryNo++
        voucherDraft(
          ctx,
          ec,
          v,
          entries.kind[e] ?? 0,
          entries.amount[e] ?? 0,
          entries.day[e] ?? 0,
          entries.second[e] ?? 0,
          entries.usage[e] ?? -1,
          draft,
        )
        yield navRow(cal, ec, draft)
      }
    }
    for (let j = 0; j < ec.counts.navOther; j++) {
      draft.entryNo++
      describeOtherEntry(cal, ec, j, rng, draft)
      yield navRow(cal, ec, draft)
    }
  }
}

/** Entry number of the k-th planted uncategorized row of a company (stable at every scale). */
export function uncategorizedEntryNo(k: number): number {
  return ENTRY_BASE - PLANTED_UNCATEGORIZED.length + k
}

function uncategorizedDraft(cal: DemoCalendar, ec: EntityContext, k: number, d: NavDraft): void {
  const spec = PLANTED_UNCATEGORIZED[k]
  if (!spec) return
  const manager = ec.entity.managers[k % ec.entity.managers.length] ?? 'JUMIA\\A.MANAGER'
  resetDraft(d)
  d.entryNo = uncategorizedEntryNo(k)
  d.documentNo = `GJ-ADJ-${900 + k}`
  d.day = cal.closingDay - 3 - k
  d.second = 39_600 + k * 60
  d.documentType = spec.documentType || null
  d.description = spec.description
  d.amount = lcyUnits(ec, spec.usd)
  d.user = spec.integration ? integrationUser(0) : manager
  d.sourceCode = spec.integration ? 'BOBINT' : 'GENJNL'
}

function voucherDraft(
  ctx: DemoContext,
  ec: EntityContext,
  v: Voucher,
  kind: number,
  amount: number,
  day: number,
  second: number,
  usage: number,
  d: NavDraft,
): void {
  resetDraft(d)
  d.amount = amount
  d.day = day
  d.second = second
  d.voucherNo = v.id
  describeVoucherEntry(ctx, ec, v, kind, usage, d)
}

function resetDraft(d: NavDraft): void {
  d.externalDocumentNo = null
  d.voucherNo = null
  d.documentType = null
  d.account = '18412'
  d.busline = 'RETAIL'
  d.balAccountType = 'G/L Account'
  d.balAccountNo = null
  d.balAccountName = null
  d.sourceType = null
  d.sourceNo = null
  d.comment = null
}
