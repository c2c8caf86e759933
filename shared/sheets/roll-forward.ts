import { fxRateOf, lcyToUsd } from '../fx.ts'
import { centsToNumber, parseCents, ZERO_CENTS, addCents } from '../money.ts'
import type { EntityInfo, RollForwardBucket, RunResult } from '../result/types.ts'
import { moneyCell, needsReview, rateCell, statusStyle, thresholdCell, thresholdSource } from './cells.ts'
import { column, defineTable, KEY_COLUMN, money, rate, status, text } from './columns.ts'
import { companyOrder, groupBy } from './group-by.ts'
import type { Sheet, SheetRow } from './model.ts'
import { REVIEW_COLUMNS, reviewValues, type SheetReview } from './review.ts'
import { printSetup } from './print.ts'

const VARIANCE = defineTable([
  text('entity', 'Entity', 10),
  text('currency', 'LCY', 6),
  text('category', 'Category', 13),
  text('voucherType', 'Voucher type', 13),
  money('navLcy', 'NAV LCY', 15),
  money('bobLcy', 'BOB LCY', 15),
  money('varianceLcy', 'Variance LCY', 15),
  rate('fxRate', 'FX rate (LCY per USD)', 12),
  money('varianceUsd', 'Variance USD', 14),
  money('thresholdUsd', 'Threshold USD', 13),
  status('status', 'Status', 12),
  column('thresholdSource', 'Threshold source', 'text', 18, { wrap: true }),
  ...REVIEW_COLUMNS,
  KEY_COLUMN,
])

/** GL 18412 roll-forward, year to date (methodology §5): NAV movement against BOB per bucket. */
export function buildRollForwardSheet(result: RunResult, reviews: ReadonlyMap<string, SheetReview>): Sheet {
  const buckets = groupBy(result.rollForward, (b) => b.companyCode)
  const entities = new Map(result.entities.map((e) => [e.companyCode, e]))
  const rows: SheetRow[] = []
  for (const code of companyOrder(result.entities, buckets.keys())) {
    const entityBuckets = buckets.get(code)
    if (entityBuckets === undefined) continue
    const entity = entities.get(code)
    for (const bucket of entityBuckets) rows.push(bucketRow(bucket, entity, reviews))
    rows.push(totalRow(code, entityBuckets, entity))
  }
  return {
    name: 'Roll-forward',
    preamble: variancePreamble(result),
    print: printSetup(result),
    columns: VARIANCE.columns,
    rows,
    protected: true,
  }
}

function bucketRow(bucket: RollForwardBucket, entity: EntityInfo | undefined, reviews: ReadonlyMap<string, SheetReview>): SheetRow {
  const values = {
    entity: bucket.companyCode,
    currency: entity?.currency ?? null,
    category: bucket.category,
    voucherType: bucket.voucherType,
    navLcy: moneyCell(bucket.navLcy),
    bobLcy: moneyCell(bucket.bobLcy),
    varianceLcy: moneyCell(bucket.varianceLcy),
    fxRate: rateCell(entity),
    varianceUsd: moneyCell(bucket.varianceUsd),
    thresholdUsd: thresholdCell(bucket.threshold),
    status: bucket.status,
    thresholdSource: thresholdSource(bucket.threshold),
    ...reviewValues(reviews.get(bucket.key), needsReview(bucket.status), bucket.varianceLcy),
  }
  return VARIANCE.row(values, statusStyle(bucket.status), bucket.key)
}

/** Entity totals; the USD total is its own LCY aggregate ÷ rate, rounded once (methodology §2). */
function totalRow(code: string, buckets: readonly RollForwardBucket[], entity: EntityInfo | undefined): SheetRow {
  let nav = ZERO_CENTS
  let bob = ZERO_CENTS
  let variance = ZERO_CENTS
  for (const bucket of buckets) {
    nav = addCents(nav, parseCents(bucket.navLcy) ?? ZERO_CENTS)
    bob = addCents(bob, parseCents(bucket.bobLcy) ?? ZERO_CENTS)
    variance = addCents(variance, parseCents(bucket.varianceLcy) ?? ZERO_CENTS)
  }
  const varianceUsd = lcyToUsd(variance, fxRateOf(entity?.fxRate ?? null))
  return VARIANCE.row(
    {
      entity: code,
      currency: entity?.currency ?? null,
      category: 'Total',
      navLcy: centsToNumber(nav),
      bobLcy: centsToNumber(bob),
      varianceLcy: centsToNumber(variance),
      fxRate: rateCell(entity),
      varianceUsd: varianceUsd === null ? null : centsToNumber(varianceUsd),
    },
    'total',
  )
}

function variancePreamble(result: RunResult): string[] {
  const { period } = result
  return [
    'Roll-forward: GL 18412 voucher liability, NAV vs BOB',
    `Period: ${period.period}, year to date ${period.yearStart} to ${period.closingDate}; run id ${result.runId}`,
    'NAV: issuance as a positive increase of the liability, other categories as decreases; variance = NAV − BOB.',
    'Categorized NAV rows per rule, uncategorized 18412 rows, unmapped business uses and vouchers not found: see Evidence.',
  ]
}
