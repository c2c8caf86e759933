import { type Cents, parseCents, ZERO_CENTS, addCents, signedCents } from '../money.ts'
import type { RunResult, TieOutRow } from '../result/types.ts'
import { listCell, moneyCell, needsReview, statusStyle, thresholdCell } from './cells.ts'
import { bridgeTotalKey, type BridgeTotals } from './bridges.ts'
import { column, defineTable, KEY_COLUMN, money, status, text } from './columns.ts'
import { companyOrder, groupBy } from './group-by.ts'
import { type CellValue, columnLetter, dataRowNumber, type Sheet, type SheetRow } from './model.ts'
import { printSetup } from './print.ts'
import { REVIEW_COLUMNS, reviewValues, type SheetReview } from './review.ts'

export const CHECK_MARK = '✓'
export const CHECK_FAILED = '✗'

const VARIANCE = defineTable([
  text('entity', 'Entity', 8),
  column('group', 'Account group', 'text', 18, { wrap: true }),
  // Wide enough for 1,234,567,890.00: NAV balances in naira or shillings run to billions.
  money('actualsLcy', 'Actuals LCY', 16),
  money('tvLcy', 'TV LCY', 16),
  money('varianceLcy', 'Variance LCY', 14),
  money('explainedLcy', 'Explained LCY', 14),
  money('unexplainedLcy', 'Unexplained LCY', 14),
  text('check', 'Foots', 6),
  money('unexplainedUsd', 'Unexplained USD', 14),
  money('thresholdUsd', 'Threshold USD', 12),
  status('status', 'Status', 12),
  ...REVIEW_COLUMNS,
  KEY_COLUMN,
])

const letterOf = (key: string): string => columnLetter(VARIANCE.columns.findIndex((c) => c.key === key))
const [ACTUALS, TV, VARIANCE_COL, EXPLAINED, UNEXPLAINED] = ['actualsLcy', 'tvLcy', 'varianceLcy', 'explainedLcy', 'unexplainedLcy'].map(
  letterOf,
)

type Bridges = readonly { readonly bridge: string; readonly companyCode: string; readonly group: string; readonly sign: number }[]

/**
 * The tie-out (methodology §4): actuals against target values per entity × account group, the variance,
 * what the bridges explain and what stays unexplained, against the group's USD threshold. Variance,
 * explained (a reference to each bridge's total on Bridges) and unexplained are formulas whose
 * cached values are the server's figures; "Foots" shows ✓ when each formula gives that figure to
 * the cent.
 */
export function buildVarianceSheet(result: RunResult, reviews: ReadonlyMap<string, SheetReview>, totals: BridgeTotals): Sheet {
  const preamble = variancePreamble(result)
  const groups = groupBy(result.tieOut, (row) => row.companyCode)
  const rows: SheetRow[] = []
  for (const code of companyOrder(result.entities, groups.keys())) {
    for (const row of groups.get(code) ?? []) {
      rows.push(tieOutRow(row, dataRowNumber(preamble.length, rows.length), result.bridges, totals, reviews))
    }
  }
  return { name: 'Variance', preamble, print: printSetup(result), columns: VARIANCE.columns, rows, protected: true }
}

function tieOutRow(row: TieOutRow, n: number, bridges: Bridges, totals: BridgeTotals, reviews: ReadonlyMap<string, SheetReview>): SheetRow {
  const variance =
    row.tvLcy === null ? null : { formula: `${row.sign < 0 ? '-' : ''}${ACTUALS}${n}-${TV}${n}`, result: moneyCell(row.varianceLcy) }
  const explained = explainedFormula(row, bridges, totals)
  const unexplained =
    row.unexplainedLcy === null ? null : { formula: `${VARIANCE_COL}${n}-${EXPLAINED}${n}`, result: moneyCell(row.unexplainedLcy) }
  const values = {
    entity: row.companyCode,
    group: `${row.groupTitle} (GL ${listCell(row.accounts)}; TV ${row.tvExtract})`,
    actualsLcy: moneyCell(row.actualsLcy),
    tvLcy: moneyCell(row.tvLcy),
    varianceLcy: variance,
    explainedLcy: explained.cell,
    unexplainedLcy: unexplained,
    check: checkCell(row, n, explained.cents),
    unexplainedUsd: moneyCell(row.unexplainedUsd),
    thresholdUsd: thresholdCell(row.threshold),
    status: row.status,
    ...reviewValues(reviews.get(row.key), needsReview(row.status), row.unexplainedLcy),
  }
  return VARIANCE.row(values, statusStyle(row.status), row.key)
}

/** Σ sign × bridge total over the entity's bridges of this group; bridges of sign 0 are shown, not netted. */
function explainedFormula(row: TieOutRow, bridges: Bridges, totals: BridgeTotals): { cell: CellValue; cents: Cents } {
  let formula = ''
  let cents = ZERO_CENTS
  for (const bridge of bridges) {
    if (bridge.companyCode !== row.companyCode || bridge.group !== row.group || bridge.sign === 0) continue
    const total = totals.get(bridgeTotalKey(bridge.bridge, bridge.companyCode))
    if (total === undefined) continue
    const term = bridge.sign === 1 ? total.address : bridge.sign === -1 ? `-${total.address}` : `${bridge.sign}*${total.address}`
    formula += formula === '' || term.startsWith('-') ? term : `+${term}`
    cents = addCents(cents, signedCents(bridge.sign, total.cents))
  }
  if (formula === '') return { cell: moneyCell(row.explainedLcy), cents: parseCents(row.explainedLcy) ?? ZERO_CENTS }
  return { cell: { formula, result: moneyCell(row.explainedLcy) }, cents }
}

/**
 * ✓ when every formula of the row gives the server's figure to the cent. The cached value is worked
 * out here the same way, so a viewer that does not recalculate shows the truth too.
 */
function checkCell(row: TieOutRow, n: number, explainedCents: Cents): CellValue {
  const actuals = parseCents(row.actualsLcy) ?? 0
  const tv = parseCents(row.tvLcy)
  const variance = parseCents(row.varianceLcy)
  const unexplained = parseCents(row.unexplainedLcy)
  const explained = parseCents(row.explainedLcy) ?? 0
  const tests: string[] = [`ROUND(${EXPLAINED}${n}-(${row.explainedLcy}),2)=0`]
  let foots = explainedCents === explained
  if (tv !== null && variance !== null) {
    tests.unshift(`ROUND(${VARIANCE_COL}${n}-(${row.varianceLcy}),2)=0`)
    foots &&= row.sign * actuals - tv === variance
  }
  if (variance !== null && unexplained !== null) {
    tests.push(`ROUND(${UNEXPLAINED}${n}-(${row.unexplainedLcy}),2)=0`)
    foots &&= variance - explained === unexplained
  }
  return { formula: `IF(AND(${tests.join(',')}),"${CHECK_MARK}","${CHECK_FAILED}")`, result: foots ? CHECK_MARK : CHECK_FAILED }
}

function variancePreamble(result: RunResult): string[] {
  return [
    'Variance: tie-out of actuals (NAV GL) to target values per entity and account group',
    `Period: ${result.period.period} (closing date ${result.period.closingDate}); run id ${result.runId}`,
    'Variance = sign × actuals − TV; explained = Σ bridge totals (Bridges sheet) × bridge sign; unexplained = variance − explained. USD = LCY ÷ closing rate; thresholds and their files: Summary.',
    `Foots: ${CHECK_MARK} when each formula equals the server's figure to the cent. Edit only Review status and Comment.`,
  ]
}
