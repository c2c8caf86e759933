import { RESULT_LIST_FILES, RESULT_SCHEMA_VERSION } from '../api/result-schema.ts'
import { withFxRate, type ResolvedEntity } from '../entities.ts'
import { lcyToUsd, type FxRate } from '../fx.ts'
import { centsToDecimal, type Cents } from '../money.ts'
import type { Period } from '../period.ts'
import type {
  BridgeLine,
  BridgeResult,
  CategorizationResult,
  ClassificationResult,
  ConfigRef,
  EntityConclusion,
  ExtractRecord,
  QualityReport,
  ListedRunResult,
  RollForwardBucket,
  TieOutRow,
} from '../result/types.ts'
import { accountGroup, bridgeAttribution, type AccountMap } from './account-map.ts'
import type { BridgeDraft } from './bridges/index.ts'
import { rateOf, type ClosingRates } from './fx-rates.ts'
import type { RollForwardLine } from './roll-forward.ts'
import { entityTargetValues, type TargetValues } from './target-values.ts'
import { explainedByGroup, tieOutEntity } from './tie-out.ts'
import {
  bridgeLineContext,
  bucketContext,
  isMaterial,
  resolveThreshold,
  statusOf,
  thresholdsForCountry,
  type CountryThresholds,
  type ThresholdFile,
} from './thresholds.ts'

/**
 * Everything a run computed, in LCY cents, entity by entity. `assembleRunResult` adds what needs
 * the rate and the thresholds (USD, status, materiality) and publishes the `RunResult`.
 */
export type RunComputation = {
  readonly runId: string
  readonly productVersion: string
  readonly period: Period
  readonly source: string
  readonly entities: readonly ResolvedEntity[]
  readonly rates: ClosingRates
  readonly accountMap: AccountMap
  readonly thresholds: readonly ThresholdFile[]
  /** CR_04 balance per company × GL account. */
  readonly actuals: ReadonlyMap<string, ReadonlyMap<string, Cents>>
  readonly targetValues: TargetValues
  readonly bridges: readonly BridgeDraft[]
  readonly rollForward: readonly RollForwardLine[]
  readonly categorization: CategorizationResult
  readonly classification: ClassificationResult
  readonly extracts: readonly ExtractRecord[]
  readonly quality: readonly QualityReport[]
  readonly config: readonly ConfigRef[]
}

const VOUCHER_GROUP_ACCOUNT = '18412'

export function assembleRunResult(run: RunComputation): ListedRunResult {
  const tieOut: TieOutRow[] = []
  const conclusions: EntityConclusion[] = []
  const bridges: BridgeResult[] = []
  const rollForward: RollForwardBucket[] = []
  for (const entity of run.entities) {
    const rate = rateOf(run.rates, entity.companyCode)
    const thresholds = thresholdsForCountry(run.thresholds, entity.countryCode)
    const drafts = run.bridges.filter((draft) => draft.companyCode === entity.companyCode)
    const entityBridges = drafts.map((draft) => decorateBridge(draft, run.accountMap, rate, thresholds))
    const entityTieOut = tieOutEntity({
      companyCode: entity.companyCode,
      map: run.accountMap,
      actuals: run.actuals.get(entity.companyCode) ?? new Map(),
      tv: entityTargetValues(run.targetValues, run.accountMap, entity.companyCode),
      explained: explainedByGroup(
        run.accountMap,
        drafts.map((draft) => ({ bridge: draft.bridge, totalCents: draft.totalLcy })),
      ),
      rate,
      thresholds,
    })
    tieOut.push(...entityTieOut.rows)
    conclusions.push(entityTieOut.conclusion)
    bridges.push(...entityBridges)
    const buckets = run.rollForward.filter((line) => line.companyCode === entity.companyCode)
    rollForward.push(...buckets.map((line) => decorateBucket(line, run.accountMap, rate, thresholds)))
  }
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId: run.runId,
    product: { name: 'tieout', version: run.productVersion },
    period: run.period,
    source: run.source,
    entities: run.entities.map((entity) => withFxRate(entity, rateOf(run.rates, entity.companyCode))),
    tieOut,
    conclusions,
    rollForward,
    bridges,
    classification: { ...run.classification, itemCount: run.classification.items.length, itemsFile: RESULT_LIST_FILES.classifiedItems },
    categorization: {
      ...run.categorization,
      uncategorizedCount: run.categorization.uncategorized.length,
      uncategorizedFile: RESULT_LIST_FILES.uncategorized,
    },
    extracts: run.extracts,
    quality: run.quality,
    config: run.config,
  }
}

function decimal(cents: Cents | null): string | null {
  return cents === null ? null : centsToDecimal(cents)
}

/**
 * USD of an LCY amount at the entity's closing rate. Without a rate every USD figure of the entity
 * is unknown, a 0.00 one included: the tie-out shows the same rows as FX_MISSING, and a figure
 * nobody could convert must not pass as reviewed-by-default.
 */
function usdOf(lcy: Cents, rate: FxRate | null): Cents | null {
  return lcyToUsd(lcy, rate)
}

function decorateBridge(draft: BridgeDraft, map: AccountMap, rate: FxRate | null, thresholds: CountryThresholds): BridgeResult {
  const attribution = bridgeAttribution(map, draft.bridge)
  const lineThreshold = resolveThreshold(thresholds, 'LINE_ITEM_USD', bridgeLineContext(map, draft.bridge))
  const lines = draft.lines.map((line): BridgeLine => {
    const amountUsd = usdOf(line.amountLcy, rate)
    return {
      key: line.key,
      bridge: line.bridge,
      companyCode: line.companyCode,
      businessKey: line.businessKey,
      description: line.description,
      amountLcy: centsToDecimal(line.amountLcy),
      amountUsd: decimal(amountUsd),
      material: isMaterial(amountUsd, lineThreshold),
      detail: line.detail,
    }
  })
  return {
    bridge: draft.bridge,
    title: draft.title,
    companyCode: draft.companyCode,
    group: attribution.group,
    sign: attribution.sign,
    totalLcy: centsToDecimal(draft.totalLcy),
    totalUsd: decimal(usdOf(draft.totalLcy, rate)),
    lines,
    zeroLineCount: draft.zeroLineCount,
    lineThreshold,
    diagnostics: draft.diagnostics.map((diagnostic) => ({
      label: diagnostic.label,
      count: diagnostic.count,
      amountLcy: decimal(diagnostic.amountLcy),
    })),
  }
}

function decorateBucket(line: RollForwardLine, map: AccountMap, rate: FxRate | null, thresholds: CountryThresholds): RollForwardBucket {
  const voucherGroup =
    map.groups.find((group) => group.glAccounts.includes(VOUCHER_GROUP_ACCOUNT)) ?? accountGroup(map, 'voucher-liability')
  const context = voucherGroup
    ? bucketContext(voucherGroup, line.category, line.voucherType)
    : { glAccounts: [VOUCHER_GROUP_ACCOUNT], category: line.category, voucherType: line.voucherType }
  const threshold = resolveThreshold(thresholds, 'BUCKET_USD', context)
  const varianceUsd = usdOf(line.varianceLcy, rate)
  return {
    key: `rollforward|${line.companyCode}|${line.category}|${line.voucherType}`,
    companyCode: line.companyCode,
    category: line.category,
    voucherType: line.voucherType,
    navLcy: centsToDecimal(line.navLcy),
    bobLcy: centsToDecimal(line.bobLcy),
    varianceLcy: centsToDecimal(line.varianceLcy),
    navUsd: decimal(usdOf(line.navLcy, rate)),
    bobUsd: decimal(usdOf(line.bobLcy, rate)),
    varianceUsd: decimal(varianceUsd),
    status: statusOf(varianceUsd, threshold),
    threshold,
  }
}
