import type { Ipe08Row } from '../../extracts/rows.ts'
import { centsToDecimal, centsToDisplay, ZERO_CENTS } from '../../money.ts'
import { inRange, type Period } from '../../period.ts'
import { isInactive, textEquals } from '../vouchers.ts'
import { type BridgeDraft, type BridgeLineDraft, bridgeLine, byBusinessKey, diagnostic, emptyTally, tallyAdd, totalOf } from './draft.ts'
import { indexVouchers } from './voucher-index.ts'

export const VTC_TITLE = 'VTC adjustment'

export type VtcInput = {
  companyCode: string
  period: Period
  /** IPE_08 rows of this entity only: all of them, or those `isRefundInactiveInPeriod` keeps. */
  vouchers: Iterable<Ipe08Row>
  /**
   * `normalizeVoucherId` of the `Voucher No_` of this entity's 18412 rows categorized
   * Cancellation or VTC; compared as given, so it must already be normalized.
   */
  navCancellationVoucherIds: ReadonlySet<string>
}

/**
 * BOB refund vouchers cancelled during month N whose cash refund NAV has not booked (methodology §6
 * "VTC adjustment"). A voucher with nothing remaining has no cash to book: it is counted as a
 * zero line, not listed. Diagnostics satisfy: inactive in period = matched + unmatched + without id.
 */
export function vtcBridge(input: VtcInput): BridgeDraft {
  const { companyCode, navCancellationVoucherIds: booked } = input
  const refunds = indexVouchers(companyCode, refundsInactiveInPeriod(input.vouchers, input.period))
  const lines: BridgeLineDraft[] = []
  const inPeriod = emptyTally()
  const matched = emptyTally()
  const unmatched = emptyTally()
  let zeroLineCount = 0
  for (const [id, voucher] of refunds.byId) {
    tallyAdd(inPeriod, voucher.remainingAmount)
    if (booked.has(id)) {
      tallyAdd(matched, voucher.remainingAmount)
      continue
    }
    tallyAdd(unmatched, voucher.remainingAmount)
    const line = vtcLine(companyCode, id, voucher)
    if (line.amountLcy === 0) zeroLineCount += 1
    else lines.push(line)
  }
  const withoutId = emptyTally()
  for (const voucher of refunds.withoutId) {
    tallyAdd(inPeriod, voucher.remainingAmount)
    tallyAdd(withoutId, voucher.remainingAmount)
  }
  return {
    bridge: 'vtc',
    title: VTC_TITLE,
    companyCode,
    totalLcy: totalOf(lines),
    lines: lines.sort(byBusinessKey),
    zeroLineCount,
    diagnostics: [
      diagnostic('refund vouchers inactive in the period', inPeriod),
      diagnostic('matched to a NAV 18412 cancellation or VTC entry', matched),
      diagnostic('unmatched: cash refunds to book in NAV', unmatched),
      diagnostic('refund vouchers without id (not bridged)', withoutId),
      { label: 'NAV 18412 cancellation or VTC vouchers', count: booked.size, amountLcy: null },
    ],
  }
}

function* refundsInactiveInPeriod(vouchers: Iterable<Ipe08Row>, period: Period): Iterable<Ipe08Row> {
  for (const voucher of vouchers) if (isRefundInactiveInPeriod(voucher, period)) yield voucher
}

/** Refund, valid, inactive, with its inactive date in `[periodStart, nextPeriodStart)`. */
export function isRefundInactiveInPeriod(voucher: Ipe08Row, period: Period): boolean {
  if (!textEquals(voucher.businessUse, 'refund') || !textEquals(voucher.isValid, 'valid')) return false
  return isInactive(voucher.isActive) && inRange(inactiveDate(voucher), period.periodStart, period.nextPeriodStart)
}

function inactiveDate(voucher: Ipe08Row): string | null {
  return voucher.voucherInactiveDate ?? voucher.minInactiveDate
}

/** A null `remaining_amount` is skipped in the sum, so the line amounts to 0. */
function vtcLine(companyCode: string, id: string, voucher: Ipe08Row): BridgeLineDraft {
  const amountLcy = voucher.remainingAmount ?? ZERO_CENTS
  const date = inactiveDate(voucher)
  return bridgeLine('vtc', companyCode, id, {
    description:
      `Refund voucher ${id} became inactive on ${(date ?? '').slice(0, 10)} with ${centsToDisplay(amountLcy)} remaining ` +
      'and has no cancellation or VTC entry in NAV 18412: a cash refund to book.',
    amountLcy,
    detail: {
      voucherId: voucher.id,
      businessUse: voucher.businessUse,
      isValid: voucher.isValid,
      inactiveDate: date,
      remainingAmount: voucher.remainingAmount === null ? null : centsToDecimal(voucher.remainingAmount),
    },
  })
}
