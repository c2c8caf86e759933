import type { Cr04Row } from '../extracts/rows.ts'
import { lcyToUsd, type FxRate } from '../fx.ts'
import { assertSafeCents, centsToDecimal, type Cents, ZERO_CENTS, addCents, subCents, signedCents } from '../money.ts'
import type { BridgeId, Decimal, EntityConclusion, TieOutRow } from '../result/types.ts'
import { bridgeAttribution, type AccountGroup, type AccountMap } from './account-map.ts'
import { ENTITY_CONTEXT, groupContext, resolveThreshold, statusOf, type CountryThresholds } from './thresholds.ts'

/**
 * The account tie-out of one entity (methodology §4): per account group, in LCY cents,
 * `variance = sign × actuals − TV` and `unexplained = variance − explained`; each USD figure is
 * its own LCY aggregate ÷ rate rounded once, so USD variance − explained may differ from USD
 * unexplained by 0.01 (methodology §11).
 */
export type TieOutInput = {
  readonly companyCode: string
  readonly map: AccountMap
  /** CR_04 balance per GL account (see `actualsByAccount`); an account absent here is 0. */
  readonly actuals: ReadonlyMap<string, Cents>
  /** TV per group key; a group absent here had no TV extract in the run (NO_TV). */
  readonly tv: ReadonlyMap<string, Cents>
  /** Σ bridge total × bridge sign per group key (see `explainedByGroup`); absent is 0. */
  readonly explained: ReadonlyMap<string, Cents>
  readonly rate: FxRate | null
  readonly thresholds: CountryThresholds
}

export type EntityTieOut = { readonly rows: readonly TieOutRow[]; readonly conclusion: EntityConclusion }

function companyOf(value: string | null): string {
  return (value ?? '').trim()
}

/**
 * Actuals of every company: Σ `BALANCE_AT_DATE` per company × GL account (CR_04 is a currency
 * and business-line split). With `closingDate`, rows of another closing date are ignored.
 */
export function actualsByCompany(cr04Rows: Iterable<Cr04Row>, closingDate?: string): Map<string, Map<string, Cents>> {
  const actuals = new Map<string, Map<string, Cents>>()
  for (const row of cr04Rows) {
    if (row.balance === null || (closingDate !== undefined && row.closingDate !== closingDate)) continue
    const company = companyOf(row.companyCode)
    let accounts = actuals.get(company)
    if (!accounts) actuals.set(company, (accounts = new Map()))
    const account = (row.account ?? '').trim()
    accounts.set(account, assertSafeCents((accounts.get(account) ?? 0) + row.balance))
  }
  return actuals
}

/** Actuals of one company per GL account; rows of other companies are ignored (methodology §11). */
export function actualsByAccount(cr04Rows: Iterable<Cr04Row>, companyCode: string, closingDate?: string): Map<string, Cents> {
  return actualsByCompany(cr04Rows, closingDate).get(companyCode) ?? new Map()
}

/** `explained` per group: Σ bridge total × the bridge's configured sign (methodology §6). */
export function explainedByGroup(
  map: AccountMap,
  bridgeTotals: Iterable<{ readonly bridge: BridgeId; readonly totalCents: Cents }>,
): Map<string, Cents> {
  const explained = new Map<string, Cents>()
  for (const { bridge, totalCents } of bridgeTotals) {
    const { group, sign } = bridgeAttribution(map, bridge)
    explained.set(group, addCents(explained.get(group) ?? ZERO_CENTS, signedCents(sign, totalCents)))
  }
  return explained
}

function decimal(cents: Cents | null): Decimal | null {
  return cents === null ? null : centsToDecimal(cents)
}

function groupActuals(group: AccountGroup, actuals: ReadonlyMap<string, Cents>): Cents {
  let total = 0
  for (const account of group.glAccounts) total += actuals.get(account) ?? 0
  return assertSafeCents(total)
}

type GroupFigures = { readonly row: TieOutRow; readonly unexplained: Cents | null }

function tieOutGroup(group: AccountGroup, input: TieOutInput): GroupFigures {
  const usd = (lcy: Cents | null): Decimal | null => (lcy === null ? null : decimal(lcyToUsd(lcy, input.rate)))
  const actuals = groupActuals(group, input.actuals)
  const explained = input.explained.get(group.key) ?? ZERO_CENTS
  const tv = input.tv.get(group.key) ?? null
  const variance = tv === null ? null : subCents(signedCents(group.sign, actuals), tv)
  const unexplained = variance === null ? null : subCents(variance, explained)
  const threshold = tv === null ? null : resolveThreshold(input.thresholds, 'BUCKET_USD', groupContext(group))
  const unexplainedUsd = unexplained === null ? null : lcyToUsd(unexplained, input.rate)
  const row: TieOutRow = {
    key: `tieout|${input.companyCode}|${group.key}`,
    companyCode: input.companyCode,
    group: group.key,
    groupTitle: group.title,
    accounts: group.glAccounts,
    sign: group.sign,
    tvExtract: group.tv.extract,
    actualsLcy: centsToDecimal(actuals),
    tvLcy: decimal(tv),
    varianceLcy: decimal(variance),
    explainedLcy: centsToDecimal(explained),
    unexplainedLcy: decimal(unexplained),
    actualsUsd: usd(actuals),
    tvUsd: usd(tv),
    varianceUsd: usd(variance),
    explainedUsd: usd(explained),
    unexplainedUsd: decimal(unexplainedUsd),
    // NO_TV first: without a TV there is nothing to compare, whatever the rate.
    status: threshold === null ? 'NO_TV' : statusOf(unexplainedUsd, threshold),
    threshold,
  }
  return { row, unexplained }
}

/**
 * Entity conclusion (methodology §4, §11): OK when every group is OK and the entity's
 * Σ |unexplained| in USD (converted once from the LCY sum of the reconciled groups) is below
 * COUNTRY_MATERIALITY_USD. A NO_TV group is not OK: a group the run could not compare keeps the
 * entity from OK, so a partial set of extracts never concludes OK.
 */
function conclude(input: TieOutInput, figures: readonly GroupFigures[]): EntityConclusion {
  const threshold = resolveThreshold(input.thresholds, 'COUNTRY_MATERIALITY_USD', ENTITY_CONTEXT)
  const reconciled = figures.filter((figure) => figure.unexplained !== null)
  const totalLcy = assertSafeCents(reconciled.reduce((total, figure) => total + Math.abs(figure.unexplained ?? 0), 0))
  const totalUsd = lcyToUsd(totalLcy, input.rate)
  const base = { key: `entity|${input.companyCode}`, companyCode: input.companyCode, totalUnexplainedUsd: decimal(totalUsd), threshold }
  if (totalUsd === null) return { ...base, status: 'FX_MISSING' }
  const everyGroupOk = figures.length > 0 && figures.every((figure) => figure.row.status === 'OK')
  return { ...base, status: everyGroupOk ? statusOf(totalUsd, threshold) : 'INVESTIGATE' }
}

export function tieOutEntity(input: TieOutInput): EntityTieOut {
  const figures = input.map.groups.map((group) => tieOutGroup(group, input))
  return { rows: figures.map((figure) => figure.row), conclusion: conclude(input, figures) }
}
