import { type Cents, centsToNumber, parseCents, ZERO_CENTS, addCents } from '../money.ts'
import type { BridgeLine, BridgeResult, Review, RunResult } from '../result/types.ts'
import { detailWords } from './bridge-detail.ts'
import { countText, moneyCell, thresholdSource, yesNo } from './cells.ts'
import { column, defineTable, KEY_COLUMN, money, text } from './columns.ts'
import { columnLetter, dataRowNumber, type Sheet, type SheetRow } from './model.ts'
import { REVIEW_COLUMNS, reviewValues } from './review.ts'
import { printSetup } from './print.ts'

const BRIDGES = defineTable([
  column('bridge', 'Bridge', 'text', 16, { wrap: true }),
  text('entity', 'Entity', 8),
  column('group', 'Account group', 'text', 18, { wrap: true }),
  column('businessKey', 'Business key', 'id', 18, { wrap: true }),
  column('description', 'Description', 'text', 44, { wrap: true }),
  money('amountLcy', 'Amount LCY', 15),
  money('amountUsd', 'Amount USD', 14),
  text('material', 'Material', 8),
  column('detail', 'Detail', 'text', 36, { wrap: true }),
  ...REVIEW_COLUMNS,
  KEY_COLUMN,
])

export const BRIDGES_SHEET = 'Bridges'

/** Where each bridge × entity total sits, so the tie-out can reference it: `Bridges!F42`. */
export type BridgeTotals = ReadonlyMap<string, { readonly address: string; readonly cents: Cents }>

export function bridgeTotalKey(bridge: string, companyCode: string): string {
  return `${bridge}|${companyCode}`
}

const AMOUNT_LCY = BRIDGES.columns.findIndex((c) => c.key === 'amountLcy')

export const BRIDGES_PREAMBLE_LINES = 4

/**
 * Every line of every bridge, each bridge × entity closed by its total: a `SUBTOTAL` over its lines
 * (filter-proof, and never counted twice by an outer total), cached with the sum of the lines (methodology
 * §6). Diagnostics (excluded, not-in-scope and zero-difference counts) are on the Evidence sheet.
 */
export function buildBridgesSheet(result: RunResult, reviews: ReadonlyMap<string, Review>): { sheet: Sheet; totals: BridgeTotals } {
  const groupTitles = new Map(result.tieOut.map((row) => [row.group, row.groupTitle]))
  const preamble = bridgesPreamble(result)
  const rows: SheetRow[] = []
  const totals = new Map<string, { address: string; cents: Cents }>()
  const letter = columnLetter(AMOUNT_LCY)
  for (const bridge of result.bridges) {
    const groupTitle = groupTitles.get(bridge.group) ?? bridge.group
    const first = rows.length
    let cents = ZERO_CENTS
    for (const line of bridge.lines) {
      rows.push(lineRow(bridge, groupTitle, line, reviews.get(line.key)))
      cents = addCents(cents, parseCents(line.amountLcy) ?? ZERO_CENTS)
    }
    const totalRowNumber = dataRowNumber(preamble.length, rows.length)
    const range = `${letter}${dataRowNumber(preamble.length, first)}:${letter}${dataRowNumber(preamble.length, rows.length - 1)}`
    const amountLcy = bridge.lines.length === 0 ? centsToNumber(cents) : { formula: `SUBTOTAL(9,${range})`, result: centsToNumber(cents) }
    rows.push(totalRow(bridge, groupTitle, amountLcy))
    totals.set(bridgeTotalKey(bridge.bridge, bridge.companyCode), { address: `${BRIDGES_SHEET}!${letter}${totalRowNumber}`, cents })
  }
  const sheet: Sheet = {
    name: BRIDGES_SHEET,
    preamble,
    print: printSetup(result),
    columns: BRIDGES.columns,
    rows,
    protected: true,
  }
  return { sheet, totals }
}

/** Every line awaits a review, so a line without one shows "Open" (methodology §8). */
function lineRow(bridge: BridgeResult, groupTitle: string, line: BridgeLine, review: Review | undefined): SheetRow {
  const values = {
    bridge: bridge.title,
    entity: line.companyCode,
    group: groupTitle,
    businessKey: line.businessKey,
    description: line.description,
    amountLcy: moneyCell(line.amountLcy),
    amountUsd: moneyCell(line.amountUsd),
    material: yesNo(line.material),
    detail: detailWords(line.bridge, line.detail),
    ...reviewValues(review, true, line.amountLcy),
  }
  return BRIDGES.row(values, 'normal', line.key)
}

function totalRow(
  bridge: BridgeResult,
  groupTitle: string,
  amountLcy: ReturnType<typeof moneyCell> | { formula: string; result: number },
): SheetRow {
  const listed = bridge.lines.length
  const threshold = bridge.lineThreshold
  const sign = bridge.sign === 0 ? 'shown, not netted in explained' : `counts ${bridge.sign > 0 ? '+' : '−'}1 × total in explained`
  const detail = [sign]
  if (threshold !== null) detail.push(`material from ${threshold.valueUsd} USD (${thresholdSource(threshold)})`)
  return BRIDGES.row(
    {
      bridge: `Total ${bridge.title}`,
      entity: bridge.companyCode,
      group: groupTitle,
      description: `${countText(listed)} ${listed === 1 ? 'line' : 'lines'}`,
      amountLcy,
      amountUsd: moneyCell(bridge.totalUsd),
      detail: detail.join('; '),
    },
    'total',
  )
}

function bridgesPreamble(result: RunResult): string[] {
  return [
    'Bridges: known causes of variance, line by line',
    `Period: ${result.period.period}; run id ${result.runId}`,
    'Totals are SUBTOTAL formulas over their lines; Variance references them. Material lines (|amount USD| ≥ line-item threshold, or USD unknown) must not stay Open at sign-off.',
    'Edit only Review status and Comment; Sync review sends them to the server, which records reviewer and time. Counts of excluded and zero-difference items: see Evidence.',
  ]
}
