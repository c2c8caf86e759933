import { parseCents } from '../../shared/money.ts'
import { RESULT_LIST_FILES } from '../../shared/api/result-schema.ts'
import { splitLists } from '../../shared/result/lists.ts'
import type {
  BridgeResult,
  CurrentRunResult,
  ListedRunResult,
  Review,
  RollForwardBucket,
  RunResult,
  TieOutRow,
} from '../../shared/result/types.ts'
import { decimalOf, ENTITY_GH, ENTITY_NG, PERIOD, RUN_ID, sha, statusOf, threshold, usd } from './result-fixture-base.ts'
import { sampleBridges } from './result-fixture-bridges.ts'
import { makeCategorization, makeClassification, makeExtracts, makeQuality } from './result-fixture-parts.ts'

export { ENTITY_GH, ENTITY_NG, PERIOD, RUN_ID, sha, threshold } from './result-fixture-base.ts'
export { makeBridgeLine, makeBridgeResult, sampleBridges } from './result-fixture-bridges.ts'

/** The account map's seven groups, as the tie-out reports them. */
export const GROUPS = [
  { group: 'collection-accounts', groupTitle: 'Collection accounts', accounts: ['13001', '13002'], sign: 1, tvExtract: 'IPE_31' },
  { group: 'customer-ar', groupTitle: 'Customer AR', accounts: ['13003', '13004', '13009'], sign: 1, tvExtract: 'IPE_07' },
  {
    group: 'packages-delivered',
    groupTitle: 'Packages delivered not reconciled',
    accounts: ['13005', '13024'],
    sign: 1,
    tvExtract: 'IPE_12',
  },
  { group: 'marketplace-accrued-revenue', groupTitle: 'Marketplace accrued revenue', accounts: ['18304'], sign: -1, tvExtract: 'IPE_11' },
  { group: 'marketplace-refund-liability', groupTitle: 'Marketplace refund liability', accounts: ['18317'], sign: -1, tvExtract: 'IPE_34' },
  { group: 'customer-prepayments', groupTitle: 'Customer prepayments', accounts: ['18350'], sign: -1, tvExtract: 'IPE_10' },
  { group: 'voucher-liability', groupTitle: 'Voucher liability', accounts: ['18412'], sign: -1, tvExtract: 'IPE_08' },
] as const

export function makeReview(o: Partial<Review> = {}): Review {
  return {
    lineKey: 'timing|EC_NG|V-NG-0001',
    status: 'Explained',
    comment: 'Usage delivered on 1 Oct, booked in October.',
    reviewer: 'r.okafor@example.com',
    reviewedAt: '2025-10-06T09:15:00.000Z',
    ...o,
  }
}

/** Actuals and TV in cents per entity and group, in GROUPS order. */
const BALANCES: Record<string, [number, number][]> = {
  EC_NG: [
    [12_543_000_000, 12_543_000_000],
    [4_825_030_050, 4_510_000_000],
    [980_000_000, 979_950_000],
    [-2_200_000_000, 2_200_075_000],
    [-340_000_000, 340_000_000],
    [-1_560_000_000, 1_250_000_000],
    [-6_100_000_000, 5_820_000_000],
  ],
  JD_GH: [
    [84_500_000, 84_500_000],
    [12_400_050, 12_000_000],
    [3_000_000, 3_000_000],
    [-5_500_000, 5_480_000],
    [-900_000, 900_000],
    [-2_100_000, 2_050_000],
    [-7_800_000, 7_600_000],
  ],
}

export function tieOut(bridgeResults: readonly BridgeResult[]): TieOutRow[] {
  const explained = new Map<string, number>()
  for (const b of bridgeResults) {
    const key = `${b.companyCode}|${b.group}`
    explained.set(key, (explained.get(key) ?? 0) + b.sign * (parseCents(b.totalLcy) ?? 0))
  }
  return Object.entries(BALANCES).flatMap(([companyCode, balances]) =>
    GROUPS.map((g, i) => {
      const [actuals, tv] = balances[i] ?? [0, 0]
      const variance = g.sign * actuals - tv
      const expl = explained.get(`${companyCode}|${g.group}`) ?? 0
      const unexplained = variance - expl
      return {
        key: `tieout|${companyCode}|${g.group}`,
        companyCode,
        ...g,
        accounts: [...g.accounts],
        actualsLcy: decimalOf(actuals),
        tvLcy: decimalOf(tv),
        varianceLcy: decimalOf(variance),
        explainedLcy: decimalOf(expl),
        unexplainedLcy: decimalOf(unexplained),
        actualsUsd: usd(companyCode, actuals),
        tvUsd: usd(companyCode, tv),
        varianceUsd: usd(companyCode, variance),
        explainedUsd: usd(companyCode, expl),
        unexplainedUsd: usd(companyCode, unexplained),
        status: statusOf(companyCode, unexplained, 100_000),
        threshold: threshold('BUCKET_USD'),
      }
    }),
  )
}

const BUCKETS: [string, string, string, number, number][] = [
  ['EC_NG', 'Issuance', 'Refund', 1_200_000_000, 1_200_000_000],
  ['EC_NG', 'Issuance', 'Store Credit', 540_000_000, 360_000_000],
  ['EC_NG', 'Usage', 'Refund', 800_000_000, 799_900_000],
  ['EC_NG', 'Expired', 'Apology', 12_500_000, 12_500_000],
  ['EC_NG', 'VTC', 'Refund', 95_000_000, 94_000_000],
  ['EC_NG', 'Cancellation', '(none)', 25_000_000, 0],
  ['JD_GH', 'Issuance', 'Refund', 4_000_000, 3_950_000],
  ['JD_GH', 'Usage', 'JForce', 2_500_000, 2_500_000],
]

function rollForward(): RollForwardBucket[] {
  return BUCKETS.map(([companyCode, category, voucherType, nav, bob]) => ({
    key: `rollforward|${companyCode}|${category}|${voucherType}`,
    companyCode,
    category,
    voucherType,
    navLcy: decimalOf(nav),
    bobLcy: decimalOf(bob),
    varianceLcy: decimalOf(nav - bob),
    navUsd: usd(companyCode, nav),
    bobUsd: usd(companyCode, bob),
    varianceUsd: usd(companyCode, nav - bob),
    status: statusOf(companyCode, nav - bob, 100_000),
    threshold: threshold('BUCKET_USD'),
  }))
}

function conclusions(rows: readonly TieOutRow[]): RunResult['conclusions'] {
  return [ENTITY_NG, ENTITY_GH].map(({ companyCode }) => {
    const own = rows.filter((r) => r.companyCode === companyCode)
    const missing = own.some((r) => r.unexplainedUsd === null)
    const total = own.reduce((sum, r) => sum + Math.abs(parseCents(r.unexplainedUsd) ?? 0), 0)
    const status = missing ? 'FX_MISSING' : own.every((r) => r.status === 'OK') && total < 1_000_000 ? 'OK' : 'INVESTIGATE'
    return {
      key: `conclusion|${companyCode}`,
      companyCode,
      status,
      totalUnexplainedUsd: missing ? null : decimalOf(total),
      threshold: threshold('COUNTRY_MATERIALITY_USD'),
    }
  })
}

/**
 * A small but complete run result for EC_NG (NGN, rate 1530.25) and JD_GH (GHS, FX rate missing),
 * period 2025-09. Figures are consistent: variance = sign × actuals − TV, explained = Σ bridges with
 * sign +1, USD = LCY ÷ rate rounded once, statuses against 1000 / 500 / 10000 USD.
 */
export function makeRunResult(overrides: Partial<ListedRunResult> = {}): ListedRunResult {
  const bridgeResults = overrides.bridges ?? sampleBridges()
  const tieOutRows = overrides.tieOut ?? tieOut(bridgeResults)
  const classification = makeClassification(usd)
  const categorization = makeCategorization()
  return {
    schemaVersion: 2,
    runId: RUN_ID,
    product: { name: 'tieout', version: '0.1.0' },
    period: PERIOD,
    source: 'demo',
    entities: [ENTITY_NG, ENTITY_GH],
    tieOut: tieOutRows,
    conclusions: conclusions(tieOutRows),
    rollForward: rollForward(),
    bridges: bridgeResults,
    classification: { ...classification, itemCount: classification.items.length, itemsFile: RESULT_LIST_FILES.classifiedItems },
    categorization: {
      ...categorization,
      uncategorizedCount: categorization.uncategorized.length,
      uncategorizedFile: RESULT_LIST_FILES.uncategorized,
    },
    extracts: makeExtracts(sha),
    quality: makeQuality(),
    config: ['account-map', 'thresholds/DEFAULT', 'rule-catalog', 'categorization', 'currencies'].map((name) => ({
      name,
      file: `config/${name}.json`,
      sha256: sha(name),
    })),
    ...overrides,
  }
}

/** The factory's result as result.json holds it: counts, the long lists in the evidence CSVs. */
export function makePublishedResult(overrides: Partial<ListedRunResult> = {}): CurrentRunResult {
  return splitLists(makeRunResult(overrides)).result
}
