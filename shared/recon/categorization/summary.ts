import { type Cents, assertSafeCents, ZERO_CENTS, addCents, negCents } from '../../money.ts'
import { companyKey } from '../voucher-lookup.ts'
import { type Category, type VoucherType, normalizeVoucherId } from '../vouchers.ts'
import {
  CATEGORY_SLOTS,
  VOUCHER_TYPE_SLOTS,
  categorySlot,
  compareCategory,
  compareNullableNumber,
  compareText,
  compareVoucherType,
  voucherTypeSlot,
} from './order.ts'
import {
  type CategorizationContext,
  type CategorizationRow,
  type EntryCategorization,
  type RuleNumber,
  createCategorizer,
  isVoucherLiability,
} from './rules.ts'

/** Label of a usage row whose `Voucher No_` is blank in the "voucher not found" list. */
export const BLANK_VOUCHER_NO = '(blank)'

/** NAV side of a roll-forward bucket: issuance as −Amount (liability increase), others as Amount. */
export type NavMovement = {
  readonly companyCode: string
  readonly category: Category
  readonly voucherType: VoucherType | null
  readonly amountLcy: Cents
}

export type CategorizationCountLine = {
  readonly companyCode: string
  readonly category: Category | null
  readonly voucherType: VoucherType | null
  readonly rule: RuleNumber | null
  readonly count: number
  /** Σ Amount; null amounts are skipped. */
  readonly amountLcy: Cents
}

export type UncategorizedEntry = {
  readonly companyCode: string
  readonly entryNo: number | null
  readonly documentNo: string | null
  readonly postingDate: string | null
  readonly description: string | null
  readonly userId: string | null
  readonly amountLcy: Cents | null
}

export type UnmappedBusinessUse = { readonly companyCode: string; readonly businessUse: string; readonly count: number }
export type VoucherNotFound = { readonly companyCode: string; readonly voucherNo: string; readonly count: number }

export type CategorizationSummary = {
  readonly counts: readonly CategorizationCountLine[]
  /** 18412 rows that match no rule, by entity then entry no (methodology §11). */
  readonly uncategorized: readonly UncategorizedEntry[]
  /** Rows of accounts other than 18412: counted, not listed. */
  readonly otherAccountRows: number
  readonly unmappedBusinessUses: readonly UnmappedBusinessUse[]
  readonly vouchersNotFound: readonly VoucherNotFound[]
  readonly navMovements: readonly NavMovement[]
  /** Per entity, normalized `Voucher No_` of rows categorized Cancellation or VTC (VTC bridge, §6). */
  readonly cancellationOrVtcVouchers: ReadonlyMap<string, ReadonlySet<string>>
}

export type CategorizationSummaryBuilder = {
  /** Categorizes one CR_03 row, records it, and returns its categorization for the per-row output. */
  add(row: CategorizationRow): EntryCategorization
  /** Counts rows of accounts other than 18412 that a reader left out rather than decode. */
  addOtherAccountRows(count: number): void
  finish(): CategorizationSummary
}

type CountCell = {
  companyCode: string
  category: Category | null
  voucherType: VoucherType | null
  rule: RuleNumber | null
  count: number
  amountLcy: Cents
}
type MovementCell = { companyCode: string; category: Category; voucherType: VoucherType | null; amountLcy: Cents }
type UseCell = { companyCode: string; businessUse: string; count: number }
type NotFoundCell = { companyCode: string; voucherNo: string; count: number }

/**
 * One entity's buckets. Counts and movements sit in arrays indexed by an integer code of
 * (rule, category, voucher type), so a row costs no key string.
 */
type Tally = {
  readonly companyCode: string
  readonly counts: (CountCell | undefined)[]
  readonly movements: (MovementCell | undefined)[]
  readonly unmapped: Map<string, UseCell>
  readonly notFound: Map<string, NotFoundCell>
  readonly cancelled: Set<string>
}

/** Accumulates the categorization of a run in one pass over CR_03. */
export function createCategorizationSummary(context: CategorizationContext): CategorizationSummaryBuilder {
  const categorize = createCategorizer(context)
  const tallies = new Map<string, Tally>()
  const uncategorized: UncategorizedEntry[] = []
  let otherAccountRows = 0
  let last: Tally | undefined

  function tallyOf(companyCode: string): Tally {
    if (last?.companyCode === companyCode) return last
    let tally = tallies.get(companyCode)
    if (tally === undefined) {
      tally = { companyCode, counts: [], movements: [], unmapped: new Map(), notFound: new Map(), cancelled: new Set() }
      tallies.set(companyCode, tally)
    }
    last = tally
    return tally
  }

  function add(row: CategorizationRow): EntryCategorization {
    const entry = categorize(row)
    if (!isVoucherLiability(row.account)) {
      otherAccountRows += 1
      return entry
    }
    const tally = tallyOf(companyKey(row.companyCode))
    addCount(tally, entry, row.amount)
    if (entry.category === null) {
      uncategorized.push(uncategorizedEntry(tally.companyCode, row))
      return entry
    }
    addMovement(tally, entry.category, entry.voucherType, row.amount ?? ZERO_CENTS)
    if (entry.lookup === 'unmapped') addUnmapped(tally, entry.businessUse)
    if (entry.lookup === 'not-found') addNotFound(tally, row.voucherNo)
    if (entry.category === 'Cancellation' || entry.category === 'VTC') addCancelled(tally, row.voucherNo)
    return entry
  }

  function finish(): CategorizationSummary {
    const all = [...tallies.values()]
    return {
      counts: all
        .flatMap((tally) => present(tally.counts))
        .map(safeCount)
        .sort(compareCounts),
      uncategorized: uncategorized.slice().sort(compareUncategorized),
      otherAccountRows,
      unmappedBusinessUses: all
        .flatMap((tally) => [...tally.unmapped.values()])
        .map((cell) => ({ ...cell }))
        .sort(compareUses),
      vouchersNotFound: all
        .flatMap((tally) => [...tally.notFound.values()])
        .map((cell) => ({ ...cell }))
        .sort(compareNotFound),
      navMovements: all
        .flatMap((tally) => present(tally.movements))
        .map(safeMovement)
        .sort(compareMovements),
      cancellationOrVtcVouchers: new Map(all.map((tally) => [tally.companyCode, new Set(tally.cancelled)])),
    }
  }

  return {
    add,
    addOtherAccountRows(count) {
      otherAccountRows += count
    },
    finish,
  }
}

function present<T>(cells: readonly (T | undefined)[]): T[] {
  return cells.filter((cell): cell is T => cell !== undefined)
}

function addCount(tally: Tally, entry: EntryCategorization, amount: Cents | null): void {
  const code = ((entry.rule ?? 0) * CATEGORY_SLOTS + categorySlot(entry.category)) * VOUCHER_TYPE_SLOTS + voucherTypeSlot(entry.voucherType)
  let cell = tally.counts[code]
  if (cell === undefined) {
    const { category, voucherType, rule } = entry
    cell = { companyCode: tally.companyCode, category, voucherType, rule, count: 0, amountLcy: ZERO_CENTS }
    tally.counts[code] = cell
  }
  cell.count += 1
  if (amount !== null) cell.amountLcy = addCents(cell.amountLcy, amount)
}

function addMovement(tally: Tally, category: Category, voucherType: VoucherType | null, amount: Cents): void {
  const code = categorySlot(category) * VOUCHER_TYPE_SLOTS + voucherTypeSlot(voucherType)
  let cell = tally.movements[code]
  if (cell === undefined) {
    cell = { companyCode: tally.companyCode, category, voucherType, amountLcy: ZERO_CENTS }
    tally.movements[code] = cell
  }
  cell.amountLcy = addCents(cell.amountLcy, category === 'Issuance' ? negCents(amount) : amount)
}

/** Business uses differing only in case or spaces are one entry, shown as first seen (trimmed). */
function addUnmapped(tally: Tally, businessUse: string | null): void {
  const shown = (businessUse ?? '').trim()
  const key = shown.toLowerCase()
  const cell = tally.unmapped.get(key)
  if (cell === undefined) tally.unmapped.set(key, { companyCode: tally.companyCode, businessUse: shown, count: 1 })
  else cell.count += 1
}

function addNotFound(tally: Tally, voucherNo: string | null): void {
  const id = normalizeVoucherId(voucherNo) ?? BLANK_VOUCHER_NO
  const cell = tally.notFound.get(id)
  if (cell === undefined) tally.notFound.set(id, { companyCode: tally.companyCode, voucherNo: id, count: 1 })
  else cell.count += 1
}

function addCancelled(tally: Tally, voucherNo: string | null): void {
  const id = normalizeVoucherId(voucherNo)
  if (id !== null) tally.cancelled.add(id)
}

function uncategorizedEntry(companyCode: string, row: CategorizationRow): UncategorizedEntry {
  return {
    companyCode,
    entryNo: row.entryNo,
    documentNo: row.documentNo,
    postingDate: row.postingDate,
    description: row.description,
    userId: row.userId,
    amountLcy: row.amount,
  }
}

function safeCount(cell: CountCell): CategorizationCountLine {
  return { ...cell, amountLcy: assertSafeCents(cell.amountLcy) }
}

function safeMovement(cell: MovementCell): NavMovement {
  return { ...cell, amountLcy: assertSafeCents(cell.amountLcy) }
}

function compareCounts(a: CategorizationCountLine, b: CategorizationCountLine): number {
  return (
    compareText(a.companyCode, b.companyCode) ||
    compareCategory(a.category, b.category) ||
    compareVoucherType(a.voucherType, b.voucherType) ||
    compareNullableNumber(a.rule, b.rule)
  )
}

function compareMovements(a: NavMovement, b: NavMovement): number {
  return (
    compareText(a.companyCode, b.companyCode) || compareCategory(a.category, b.category) || compareVoucherType(a.voucherType, b.voucherType)
  )
}

function compareUncategorized(a: UncategorizedEntry, b: UncategorizedEntry): number {
  return compareText(a.companyCode, b.companyCode) || compareNullableNumber(a.entryNo, b.entryNo)
}

function compareUses(a: UnmappedBusinessUse, b: UnmappedBusinessUse): number {
  return compareText(a.companyCode, b.companyCode) || compareText(a.businessUse, b.businessUse)
}

function compareNotFound(a: VoucherNotFound, b: VoucherNotFound): number {
  return compareText(a.companyCode, b.companyCode) || compareText(a.voucherNo, b.voucherNo)
}
