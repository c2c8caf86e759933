import { assertSafeCents, type Cents, ZERO_CENTS, addCents } from '../../money.ts'
import type { BridgeId } from '../../result/types.ts'

/**
 * A bridge as the four calculations produce it, in LCY cents, for one entity. Account group,
 * sign, USD and materiality are the assembler's (methodology §6, §8), so they are absent here.
 */
export type BridgeDetail = Record<string, string | number | boolean | null>

export type BridgeLineDraft = {
  bridge: BridgeId
  companyCode: string
  businessKey: string
  /** `<bridge>|<entity>|<business key>` (methodology §11): reviews attach to it across re-runs. */
  key: string
  /** One sentence a reviewer reads. */
  description: string
  amountLcy: Cents
  /** Money here is a decimal string (`centsToDecimal`), never cents. */
  detail: BridgeDetail
}

export type BridgeDiagnosticDraft = { label: string; count: number; amountLcy: Cents | null }

export type BridgeDraft = {
  bridge: BridgeId
  title: string
  companyCode: string
  /** Σ amountLcy of every line, listed or only counted. */
  totalLcy: Cents
  lines: BridgeLineDraft[]
  /** Lines with nothing to review (a zero amount) that are counted, not listed. */
  zeroLineCount: number
  diagnostics: BridgeDiagnosticDraft[]
}

export function lineKey(bridge: BridgeId, companyCode: string, businessKey: string): string {
  return `${bridge}|${companyCode}|${businessKey}`
}

export function bridgeLine(
  bridge: BridgeId,
  companyCode: string,
  businessKey: string,
  content: { description: string; amountLcy: Cents; detail: BridgeDetail },
): BridgeLineDraft {
  return { bridge, companyCode, businessKey, key: lineKey(bridge, companyCode, businessKey), ...content }
}

/**
 * Code-unit order, not `localeCompare`: line order (and so evidence hashes) must not depend on
 * the machine's ICU data or locale.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function byBusinessKey(a: BridgeLineDraft, b: BridgeLineDraft): number {
  return compareText(a.businessKey, b.businessKey)
}

/** A count and an LCY sum accumulated in one pass, for diagnostics. */
export type Tally = { count: number; amountLcy: Cents }

export function emptyTally(): Tally {
  return { count: 0, amountLcy: ZERO_CENTS }
}

/** Counts one item; a null amount is counted but adds nothing (methodology §11 "null amounts"). */
export function tallyAdd(tally: Tally, amount: Cents | null): void {
  tally.count += 1
  if (amount !== null) tally.amountLcy = addCents(tally.amountLcy, amount)
}

export function diagnostic(label: string, tally: Tally): BridgeDiagnosticDraft {
  return { label, count: tally.count, amountLcy: assertSafeCents(tally.amountLcy) }
}

export function totalOf(lines: readonly { amountLcy: Cents }[]): Cents {
  let total = 0
  for (const line of lines) total += line.amountLcy
  return assertSafeCents(total)
}
