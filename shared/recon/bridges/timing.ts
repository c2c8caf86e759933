import type { Ipe08Row, JdashRow } from '../../extracts/rows.ts'
import { type Cents, centsToDecimal, centsToDisplay, ZERO_CENTS, addCents, subCents } from '../../money.ts'
import { inRange, type Period } from '../../period.ts'
import { isInactive, isNonMarketing, normalizeVoucherId } from '../vouchers.ts'
import {
  type BridgeDraft,
  type BridgeLineDraft,
  bridgeLine,
  byBusinessKey,
  diagnostic,
  emptyTally,
  type Tally,
  tallyAdd,
  totalOf,
} from './draft.ts'
import { indexVouchers } from './voucher-index.ts'

export const TIMING_TITLE = 'Timing difference'

export type TimingInput = {
  companyCode: string
  period: Period
  /** IPE_08 rows of this entity only: all of them, or those `isTimingVoucher` keeps. */
  vouchers: Iterable<Ipe08Row>
  /** Jdash rows of this entity only. */
  jdash: Iterable<JdashRow>
}

/** Jdash `Amount Used` summed per normalized voucher id, and the rows that could not be. */
export type JdashUsage = { readonly byId: Map<string, Cents>; readonly withoutId: Tally; withoutAmount: number }

/**
 * Usage Ops has seen (Jdash) minus usage Accounting has booked (IPE_08 `TotalAmountUsed`) per
 * in-scope voucher (methodology §6 "Timing difference"). Zero differences are counted, not listed.
 */
export function timingBridge(input: TimingInput): BridgeDraft {
  const { companyCode, period, vouchers } = input
  return timingBridgeOfUsage({ companyCode, period, vouchers, usage: sumJdashUsage(input.jdash) })
}

/** The same bridge from Jdash usage already summed while Jdash was read (`jdashUsageTally`). */
export function timingBridgeOfUsage(input: Omit<TimingInput, 'jdash'> & { usage: JdashUsage }): BridgeDraft {
  const { companyCode, period, usage } = input
  const inScope = indexVouchers(companyCode, inScopeVouchers(input.vouchers, period))
  const lines: BridgeLineDraft[] = []
  const scope = emptyTally()
  let zeroLineCount = 0
  for (const [id, voucher] of inScope.byId) {
    tallyAdd(scope, voucher.totalAmountUsed)
    const line = timingLine(companyCode, id, voucher, usage.byId.get(id) ?? null)
    if (line.amountLcy === 0) zeroLineCount += 1
    else lines.push(line)
  }
  return {
    bridge: 'timing',
    title: TIMING_TITLE,
    companyCode,
    totalLcy: totalOf(lines),
    lines: lines.sort(byBusinessKey),
    zeroLineCount,
    diagnostics: [
      diagnostic('in-scope vouchers (IPE_08 TotalAmountUsed)', scope),
      diagnostic('in-scope vouchers without id (not bridged)', idlessTally(inScope.withoutId)),
      diagnostic('Jdash vouchers not among in-scope vouchers (not added)', usageOutside(usage.byId, inScope.byId)),
      diagnostic('Jdash rows without voucher id (not added)', usage.withoutId),
      { label: 'Jdash rows without amount (skipped)', count: usage.withoutAmount, amountLcy: null },
    ],
  }
}

function* inScopeVouchers(vouchers: Iterable<Ipe08Row>, period: Period): Iterable<Ipe08Row> {
  for (const voucher of vouchers) if (isTimingVoucher(voucher, period)) yield voucher
}

/** In the timing bridge's scope: non-marketing, inactive, created in `[timingWindowStart, nextPeriodStart)`. */
export function isTimingVoucher(voucher: Ipe08Row, period: Period): boolean {
  if (!isNonMarketing(voucher.businessUse) || !isInactive(voucher.isActive)) return false
  return inRange(voucher.createdAt, period.timingWindowStart, period.nextPeriodStart)
}

function sumJdashUsage(rows: Iterable<JdashRow>): JdashUsage {
  const tally = jdashUsageTally()
  for (const row of rows) tally.add(row)
  return tally.usage
}

/** One entity's Jdash usage, summed a row at a time as Jdash is read. */
export function jdashUsageTally(): { add(row: JdashRow): void; readonly usage: JdashUsage } {
  const usage: JdashUsage = { byId: new Map<string, Cents>(), withoutId: emptyTally(), withoutAmount: 0 }
  return {
    usage,
    add(row) {
      if (row.amountUsed === null) {
        usage.withoutAmount += 1
        return
      }
      const id = normalizeVoucherId(row.voucherId)
      if (id === null) tallyAdd(usage.withoutId, row.amountUsed)
      else usage.byId.set(id, addCents(usage.byId.get(id) ?? ZERO_CENTS, row.amountUsed))
    },
  }
}

/** A voucher absent from Jdash counts 0 used; a null `TotalAmountUsed` counts 0 booked. */
function timingLine(companyCode: string, id: string, voucher: Ipe08Row, jdash: Cents | null): BridgeLineDraft {
  const booked = voucher.totalAmountUsed
  const amountLcy = subCents(jdash ?? ZERO_CENTS, booked ?? ZERO_CENTS)
  return bridgeLine('timing', companyCode, id, {
    description: timingSentence(id, voucher.businessUse, jdash, booked ?? ZERO_CENTS, amountLcy),
    amountLcy,
    detail: {
      voucherId: voucher.id,
      businessUse: voucher.businessUse,
      createdAt: voucher.createdAt,
      ipe08AmountUsed: booked === null ? null : centsToDecimal(booked),
      jdashAmountUsed: jdash === null ? null : centsToDecimal(jdash),
    },
  })
}

function timingSentence(id: string, businessUse: string | null, jdash: Cents | null, booked: Cents, difference: Cents): string {
  const seen = jdash === null ? 'no usage in Jdash' : `usage of ${centsToDisplay(jdash)} in Jdash`
  return (
    `Voucher ${id} (${businessUse ?? 'no business use'}) shows ${seen} against ${centsToDisplay(booked)} ` +
    `booked in IPE_08, a timing difference of ${centsToDisplay(difference)}.`
  )
}

function idlessTally(vouchers: readonly Ipe08Row[]): Tally {
  const tally = emptyTally()
  for (const voucher of vouchers) tallyAdd(tally, voucher.totalAmountUsed)
  return tally
}

function usageOutside(usage: ReadonlyMap<string, Cents>, inScope: ReadonlyMap<string, unknown>): Tally {
  const tally = emptyTally()
  for (const [id, amount] of usage) if (!inScope.has(id)) tallyAdd(tally, amount)
  return tally
}
