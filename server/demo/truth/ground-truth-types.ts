/**
 * `ground-truth.json`: what the generator planted and what a run with the default configuration
 * (methodology §4 account map, §6 bridge signs, §8 thresholds) must therefore find. Money is a decimal
 * string with two decimals, LCY unless the name says USD.
 */
export type Decimal = string
export type Detail = Readonly<Record<string, string | number | boolean | null>>

export type PlantedItemKind =
  | 'tie-out'
  | 'timing-line'
  | 'timing-counted'
  | 'timing-not-in-scope'
  | 'vtc-line'
  | 'vtc-excluded'
  | 'posting-group-line'
  | 'business-line-line'
  | 'business-line-not-listed'
  | 'uncategorized'
  | 'classification'

export type PlantedItem = {
  readonly kind: PlantedItemKind
  /** The bridge that lists the item, when it is a bridge line. */
  readonly bridge?: 'timing' | 'vtc' | 'posting-group' | 'business-line'
  /** The check that must see it otherwise (tie-out, timing diagnostic, categorization, …). */
  readonly check?: string
  readonly companyCode: string
  /** As the run shows it: bridge line keys are `<bridge>|<entity>|<business key>` (methodology §11). */
  readonly key: string
  readonly amountLcy: Decimal
  readonly amountUsd: Decimal | null
  /** Bridge lines: |amount USD| ≥ the LINE_ITEM_USD threshold of the line's group. */
  readonly material?: boolean
  readonly role: string
  readonly detail: Detail
}

export type GroupTruth = {
  readonly key: string
  readonly title: string
  readonly accounts: readonly string[]
  readonly sign: 1 | -1
  readonly tvLcy: Decimal
  readonly actualsLcy: Decimal
  readonly varianceLcy: Decimal
  readonly explainedLcy: Decimal
  readonly unexplainedLcy: Decimal
  readonly unexplainedUsd: Decimal
  readonly bucketThresholdUsd: Decimal
  readonly status: 'OK' | 'INVESTIGATE'
}

export type BridgeTruth = { readonly totalLcy: Decimal; readonly totalUsd: Decimal; readonly lines: number }

export type RollForwardTruth = {
  readonly category: string
  readonly voucherType: string
  readonly navLcy: Decimal
  readonly bobLcy: Decimal
  readonly varianceLcy: Decimal
  readonly varianceUsd: Decimal
}

export type EntityTruth = {
  readonly companyCode: string
  readonly countryCode: string
  readonly currency: string
  /** CR_05 closing rate of N, LCY per 1 USD. Every demo rate is present (FX_MISSING is unit-tested). */
  readonly fxRate: string
  readonly conclusion: 'OK' | 'INVESTIGATE'
  readonly totalUnexplainedUsd: Decimal
  readonly countryThresholdUsd: Decimal
  readonly groups: readonly GroupTruth[]
  readonly bridges: {
    readonly timing: BridgeTruth & {
      readonly inScopeVouchers: number
      readonly zeroLines: number
      readonly notInScope: { readonly count: number; readonly amountLcy: Decimal }
    }
    readonly vtc: BridgeTruth
    readonly postingGroup: BridgeTruth
    readonly businessLine: BridgeTruth
  }
  readonly uncategorizedRows: number
  readonly unclassifiedItems: number
  /** Every roll-forward bucket with a non-zero side; buckets not listed are 0.00 on both sides. */
  readonly rollForward: readonly RollForwardTruth[]
}

export type GroundTruth = {
  readonly generator: 'tieout-demo'
  readonly version: 1
  readonly period: string
  readonly seed: number
  readonly scale: number
  /** In-scope companies generated with planted items (the ones a run can reconcile). */
  readonly companies: readonly string[]
  /** Companies whose rows are present but must be ignored (out of consolidation scope). */
  readonly ignoredCompanies: readonly string[]
  readonly notes: readonly string[]
  readonly entities: readonly EntityTruth[]
  readonly items: readonly PlantedItem[]
}

/** Cents of the entity's currency to USD at its closing rate. */
export type UsdOf = (cents: number) => number
