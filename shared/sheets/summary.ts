import type { EntityConclusion, EntityInfo, RunResult, TieOutRow } from '../result/types.ts'
import { amountText, moneyCell, needsReview, statusStyle, thresholdCell, thresholdSource } from './cells.ts'
import { column, defineTable, money, status, text } from './columns.ts'
import { companyOrder, groupBy } from './group-by.ts'
import type { Sheet, SheetRow } from './model.ts'
import { printSetup } from './print.ts'
import { REVIEW_STATUSES } from './model.ts'
import { statusLines, type WorkpaperStatus } from './signoff.ts'
import { conclusionWords } from './conclusion.ts'
import { CHECK_FAILED, CHECK_MARK } from './variance.ts'

const SUMMARY = defineTable([
  text('entity', 'Entity', 10),
  column('item', 'Conclusion / account group', 'text', 40, { wrap: true }),
  status('status', 'Status', 13),
  money('unexplainedUsd', 'Unexplained USD', 16),
  money('thresholdUsd', 'Threshold USD', 15),
  column('explanation', 'Why', 'text', 64, { wrap: true }),
])

const LEGEND: readonly (readonly [string, string])[] = [
  [CHECK_MARK, 'Foots: the formula recalculated equals the figure the server computed, to the cent (Variance).'],
  [CHECK_FAILED, 'Does not foot: the formula and the server figure differ; do not sign off.'],
  ['OK', 'Within its USD threshold (group, bucket) or the country materiality (entity).'],
  ['INVESTIGATE', 'Above its threshold: a reviewer explains it before sign-off.'],
  ['FX_MISSING', 'No closing rate for the currency: USD figures are empty; a reviewer must look at it.'],
  ['NO_TV', 'The target-value extract was not part of the run: no variance for the group.'],
  [REVIEW_STATUSES.join(' / '), 'Review statuses. Material bridge lines and INVESTIGATE rows must not stay Open at sign-off.'],
  ['carried from run …', 'A review made on an earlier run of the same scope; reset to Open when the amount changed.'],
  ['Red figures', 'Negative amounts.'],
]

/**
 * The workpaper's first page: the sign-off block (who prepared, reviewed and signed off, the
 * state, the hashes), then the conclusion per entity with the account groups that need a reviewer
 * and why, then the legend of tick marks and statuses.
 */
export function buildSummarySheet(result: RunResult, workpaper: WorkpaperStatus, manifestFallback: string | null): Sheet {
  const groups = groupBy(result.tieOut, (row) => row.companyCode)
  const buckets = groupBy(result.rollForward, (bucket) => bucket.companyCode)
  const conclusions = new Map(result.conclusions.map((c) => [c.companyCode, c]))
  const entities = new Map(result.entities.map((e) => [e.companyCode, e]))
  const rows: SheetRow[] = []
  for (const code of companyOrder(result.entities, [...groups.keys(), ...conclusions.keys()])) {
    const entity = entities.get(code)
    const entityGroups = groups.get(code) ?? []
    const toInvestigate = entityGroups.filter((row) => needsReview(row.status))
    const bucketsToInvestigate = (buckets.get(code) ?? []).filter((b) => needsReview(b.status)).length
    const conclusion = conclusions.get(code)
    if (conclusion !== undefined) rows.push(conclusionRow(conclusion, entity, entityGroups, bucketsToInvestigate))
    for (const row of toInvestigate) rows.push(groupRow(row))
  }
  rows.push(SUMMARY.section('Tick marks and statuses'))
  for (const [mark, meaning] of LEGEND) rows.push(SUMMARY.row({ item: mark, explanation: meaning }))
  const lines = statusLines(workpaper, manifestFallback)
  const head = summaryHead(result)
  const preamble = [...head, ...lines.map((line) => line.text), entitiesLine(result)]
  const alertLines = lines.flatMap((line, i) => (line.alert ? [head.length + i] : []))
  return { name: 'Summary', preamble, alertLines, print: printSetup(result), columns: SUMMARY.columns, rows, protected: true }
}

function conclusionRow(
  conclusion: EntityConclusion,
  entity: EntityInfo | undefined,
  rows: readonly TieOutRow[],
  buckets: number,
): SheetRow {
  const parts = [conclusionWords(conclusion, rows, entity)]
  if (buckets > 0) parts.push(`${buckets} roll-forward ${buckets === 1 ? 'bucket' : 'buckets'} to investigate (Roll-forward sheet).`)
  const name =
    entity === undefined
      ? conclusion.companyCode
      : `${entity.name} (${entity.currency}${entity.fxRate === null ? ', no FX rate' : `, ${entity.fxRate} per USD`})`
  return SUMMARY.row(
    {
      entity: conclusion.companyCode,
      item: `Entity conclusion: ${name}`,
      status: conclusion.status,
      thresholdUsd: thresholdCell(conclusion.threshold),
      explanation: parts.join(' '),
    },
    conclusion.status === 'OK' ? 'total' : 'investigate',
  )
}

function groupRow(row: TieOutRow): SheetRow {
  const threshold =
    row.threshold === null
      ? 'no threshold'
      : `the group threshold of ${amountText(row.threshold.valueUsd)} USD (${thresholdSource(row.threshold)})`
  const why =
    row.status === 'FX_MISSING'
      ? `Unexplained ${amountText(row.unexplainedLcy)} LCY; no FX rate, so it cannot be compared with ${threshold}.`
      : `Unexplained ${amountText(row.unexplainedUsd)} USD after bridges, above ${threshold}. Review it on the Variance sheet.`
  return SUMMARY.row(
    {
      entity: row.companyCode,
      item: row.groupTitle,
      status: row.status,
      unexplainedUsd: moneyCell(row.unexplainedUsd),
      thresholdUsd: thresholdCell(row.threshold),
      explanation: why,
    },
    statusStyle(row.status),
  )
}

function summaryHead(result: RunResult): string[] {
  const { period } = result
  return [
    'C-PG-1 reconciliation workpaper',
    `Period ${period.period} (closing date ${period.closingDate}); run id ${result.runId}; source ${result.source}; ${result.product.name} ${result.product.version}`,
  ]
}

function entitiesLine(result: RunResult): string {
  return `Entities: ${result.entities.map((e) => `${e.companyCode} ${e.name}`).join('; ')}`
}
