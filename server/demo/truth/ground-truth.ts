import { fxRateOf, lcyToUsd, type FxRate } from '../../../shared/fx.ts'
import { cents } from '../../../shared/money.ts'
import { NO_VOUCHER_TYPE } from '../../../shared/recon/vouchers.ts'
import { groupBalances, type GroupBalance } from './nav-balances.ts'
import type { DemoContext, EntityContext } from '../context.ts'
import type { BridgeTruth, EntityTruth, GroundTruth, GroupTruth, RollForwardTruth, UsdOf } from './ground-truth-types.ts'
import { thresholdsFor } from '../plan/amounts.ts'
import { PLANTED_COLLECTION_ITEMS, PLANTED_UNCATEGORIZED } from '../plan/discrepancies.ts'
import { plantedItems, truthDecimal } from './expected-items.ts'
import { entityTotals, type EntityTotals } from './entity-totals.ts'

export function buildGroundTruth(ctx: DemoContext): GroundTruth {
  const planted = ctx.entities.filter((ec) => ec.planted)
  return {
    generator: 'tieout-demo',
    version: 1,
    period: ctx.period.period,
    seed: ctx.seed,
    scale: ctx.scale,
    companies: planted.map((ec) => ec.entity.code),
    ignoredCompanies: ctx.entities.filter((ec) => !ec.planted).map((ec) => ec.entity.code),
    notes: NOTES,
    entities: planted.map((ec) => entityTruth(ctx, ec)),
    items: planted.flatMap((ec) => plantedItems(ctx, ec, usdOf(ec))),
  }
}

const NOTES = [
  'Expectations assume the default configuration: methodology §4 account map, bridge signs timing +1, VTC +1, posting group 0, business line 0, and the §8 thresholds (DEFAULT 1000/500/10000 USD; EG: LINE_ITEM 5000 for GL 18412, COUNTRY 22000).',
  'Every demo entity has a CR_05 rate for N; CR_05 also holds N-1 rates that must not be used, and CR_04 FX_RATE differs from CR_05 on purpose.',
  'Rows of out-of-scope companies (ignoredCompanies) appear in ENTITIES, CR_03, CR_04, CR_05, IPE_07, IPE_08, IPE_08_USAGE, IPE_10, IPE_11, IPE_12, IPE_34 and JDASH and must be ignored.',
  'Everything not listed as an item is clean: no other bridge line, uncategorized row, unclassified item, unmapped business use or voucher not found.',
  'Classification items are keyed here by their Related_Entity; the run may key them differently.',
]

function usdOf(ec: EntityContext): UsdOf {
  const rate: FxRate | null = fxRateOf(ec.rate)
  return (amount) => lcyToUsd(cents(amount), rate) ?? 0
}

function entityTruth(ctx: DemoContext, ec: EntityContext): EntityTruth {
  const usd = usdOf(ec)
  const totals = entityTotals(ctx, ec)
  const balances = groupBalances(ctx, ec)
  const groups = balances.map((balance) => groupTruth(ec, balance, usd))
  // One aggregate, converted once (methodology §2): Σ |unexplained LCY| ÷ rate.
  const totalUsd = usd(balances.reduce((sum, balance) => sum + Math.abs(balance.unexplained), 0))
  const country = thresholdsFor(ec.entity.country, null).countryUsd
  const allOk = groups.every((group) => group.status === 'OK')
  return {
    companyCode: ec.entity.code,
    countryCode: ec.entity.country,
    currency: ec.entity.currency,
    fxRate: String(ec.rate),
    conclusion: allOk && totalUsd < country * 100 ? 'OK' : 'INVESTIGATE',
    totalUnexplainedUsd: truthDecimal(totalUsd),
    countryThresholdUsd: truthDecimal(country * 100),
    groups,
    bridges: bridgeTruths(totals, usd),
    uncategorizedRows: PLANTED_UNCATEGORIZED.length,
    unclassifiedItems: PLANTED_COLLECTION_ITEMS.filter((item) => item.expectedRule === 'UNCLASSIFIED').length,
    rollForward: rollForwardTruth(totals, usd),
  }
}

function groupTruth(ec: EntityContext, balance: GroupBalance, usd: UsdOf): GroupTruth {
  const { group, tv, explained, unexplained, actuals } = balance
  const bucket = thresholdsFor(ec.entity.country, group.key).bucketUsd
  const unexplainedUsd = usd(unexplained)
  return {
    key: group.key,
    title: group.title,
    accounts: group.accounts,
    sign: group.sign,
    tvLcy: truthDecimal(tv),
    actualsLcy: truthDecimal(actuals),
    varianceLcy: truthDecimal(group.sign * actuals - tv),
    explainedLcy: truthDecimal(explained),
    unexplainedLcy: truthDecimal(unexplained),
    unexplainedUsd: truthDecimal(unexplainedUsd),
    bucketThresholdUsd: truthDecimal(bucket * 100),
    status: Math.abs(unexplainedUsd) >= bucket * 100 ? 'INVESTIGATE' : 'OK',
  }
}

function bridge(total: number, lines: number, usd: UsdOf): BridgeTruth {
  return { totalLcy: truthDecimal(total), totalUsd: truthDecimal(usd(total)), lines }
}

function bridgeTruths(totals: EntityTotals, usd: UsdOf): EntityTruth['bridges'] {
  const v = totals.vouchers
  const timingTotal = v.timingLines.reduce((sum, line) => sum + line.amount, 0)
  const notInScope = v.timingNotInScope.reduce((sum, line) => sum + line.amount, 0)
  return {
    timing: {
      ...bridge(timingTotal, v.timingLines.length, usd),
      inScopeVouchers: v.timingInScope,
      zeroLines: v.timingInScope - v.timingLines.length,
      notInScope: { count: v.timingNotInScope.length, amountLcy: truthDecimal(notInScope) },
    },
    vtc: bridge(
      v.vtcLines.reduce((sum, line) => sum + line.amount, 0),
      v.vtcLines.length,
      usd,
    ),
    postingGroup: bridge(0, totals.customers.postingGroups.length, usd),
    businessLine: bridge(
      totals.customers.businessLines.reduce((sum, line) => sum + line.amount, 0),
      totals.customers.businessLines.length,
      usd,
    ),
  }
}

function rollForwardTruth(totals: EntityTotals, usd: UsdOf): RollForwardTruth[] {
  return totals.vouchers.rollForward.map((cell) => ({
    category: cell.category,
    voucherType: cell.voucherType ?? NO_VOUCHER_TYPE,
    navLcy: truthDecimal(cell.nav),
    bobLcy: truthDecimal(cell.bob),
    varianceLcy: truthDecimal(cell.nav - cell.bob),
    varianceUsd: truthDecimal(usd(cell.nav - cell.bob)),
  }))
}
