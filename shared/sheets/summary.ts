import type { EntityConclusion, EntityInfo, Review, RunResult, TieOutRow } from '../result/types.ts'
import { listCell, moneyCell, needsReview, rateCell, statusStyle, thresholdCell, thresholdSource } from './cells.ts'
import { defineTable, id, integer, KEY_COLUMN, money, rate, status, text } from './columns.ts'
import type { Sheet, SheetRow } from './model.ts'
import { REVIEW_COLUMNS, reviewValues } from './review.ts'
import { companyOrder, groupBy } from './group-by.ts'

const SUMMARY = defineTable([
  text('entity', 'Entity', 10),
  text('currency', 'LCY', 6),
  text('group', 'Account group', 34),
  id('accounts', 'GL accounts', 20),
  id('tvSource', 'TV source', 10),
  integer('sign', 'Sign', 6),
  money('actualsLcy', 'Actuals LCY'),
  money('tvLcy', 'TV LCY'),
  money('varianceLcy', 'Variance LCY'),
  money('explainedLcy', 'Explained LCY'),
  money('unexplainedLcy', 'Unexplained LCY'),
  rate('fxRate', 'FX rate (LCY per USD)'),
  money('unexplainedUsd', 'Unexplained USD'),
  money('thresholdUsd', 'Threshold USD', 14),
  status('status', 'Status'),
  text('thresholdSource', 'Threshold source', 26),
  ...REVIEW_COLUMNS,
  KEY_COLUMN,
])

/** The control's conclusion: one row per entity × account group, then the entity's verdict. */
export function buildSummarySheet(result: RunResult, reviews: ReadonlyMap<string, Review>): Sheet {
  const groups = groupBy(result.tieOut, (row) => row.companyCode)
  const conclusions = new Map(result.conclusions.map((c) => [c.companyCode, c]))
  const entities = new Map(result.entities.map((e) => [e.companyCode, e]))
  const rows: SheetRow[] = []
  for (const code of companyOrder(result.entities, [...groups.keys(), ...conclusions.keys()])) {
    const entity = entities.get(code)
    for (const row of groups.get(code) ?? []) rows.push(tieOutRow(row, entity, reviews))
    const conclusion = conclusions.get(code)
    if (conclusion !== undefined) rows.push(conclusionRow(conclusion, entity))
  }
  return { name: 'Summary', preamble: summaryPreamble(result), columns: SUMMARY.columns, rows, protected: true }
}

function tieOutRow(row: TieOutRow, entity: EntityInfo | undefined, reviews: ReadonlyMap<string, Review>): SheetRow {
  const values = {
    entity: row.companyCode,
    currency: entity?.currency ?? null,
    group: row.groupTitle,
    accounts: listCell(row.accounts),
    tvSource: row.tvExtract,
    sign: row.sign,
    actualsLcy: moneyCell(row.actualsLcy),
    tvLcy: moneyCell(row.tvLcy),
    varianceLcy: moneyCell(row.varianceLcy),
    explainedLcy: moneyCell(row.explainedLcy),
    unexplainedLcy: moneyCell(row.unexplainedLcy),
    fxRate: rateCell(entity),
    unexplainedUsd: moneyCell(row.unexplainedUsd),
    thresholdUsd: thresholdCell(row.threshold),
    status: row.status,
    thresholdSource: thresholdSource(row.threshold),
    ...reviewValues(reviews.get(row.key), needsReview(row.status)),
  }
  return SUMMARY.row(values, statusStyle(row.status), row.key)
}

/** Σ |unexplained USD| of the entity against its country materiality (SPEC §4, §11). */
function conclusionRow(conclusion: EntityConclusion, entity: EntityInfo | undefined): SheetRow {
  return SUMMARY.row(
    {
      entity: conclusion.companyCode,
      currency: entity?.currency ?? null,
      group: 'Entity conclusion: Σ |unexplained USD| vs country materiality',
      fxRate: rateCell(entity),
      unexplainedUsd: moneyCell(conclusion.totalUnexplainedUsd),
      thresholdUsd: thresholdCell(conclusion.threshold),
      status: conclusion.status,
      thresholdSource: thresholdSource(conclusion.threshold),
    },
    'total',
  )
}

function summaryPreamble(result: RunResult): string[] {
  const { period } = result
  return [
    'C-PG-1 reconciliation',
    `Period: ${period.period} (closing date ${period.closingDate})`,
    `Run id: ${result.runId}`,
    `Source: ${result.source}`,
    `Product: ${result.product.name} ${result.product.version}`,
    `Entities: ${result.entities.map(entityLabel).join('; ')}`,
    'Generated from the run result (result.json); reviews as stored on the server at export.',
  ]
}

function entityLabel(entity: EntityInfo): string {
  const rateText = entity.fxRate === null ? 'FX rate missing' : `${entity.fxRate} ${entity.currency} per USD`
  return `${entity.companyCode} ${entity.name} (${entity.currency}, ${rateText})`
}
