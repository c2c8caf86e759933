import type { BridgeDiagnostic, BridgeLine, BridgeResult, Review, RunResult } from '../result/types.ts'
import { type DetailText, detailFormatter, moneyCell, thresholdSource, yesNo } from './cells.ts'
import { defineTable, id, KEY_COLUMN, money, text } from './columns.ts'
import type { Sheet, SheetRow } from './model.ts'
import { REVIEW_COLUMNS, reviewValues } from './review.ts'

const BRIDGES = defineTable([
  text('bridge', 'Bridge', 24),
  text('entity', 'Entity', 10),
  text('group', 'Account group', 26),
  id('businessKey', 'Business key', 24),
  text('description', 'Description', 70),
  money('amountLcy', 'Amount LCY'),
  money('amountUsd', 'Amount USD'),
  text('material', 'Material', 9),
  text('detail', 'Detail', 70),
  ...REVIEW_COLUMNS,
  KEY_COLUMN,
])

type Context = { readonly bridge: BridgeResult; readonly groupTitle: string; readonly detailText: DetailText }

/** Every line of every bridge, each bridge closed by its total and its diagnostics (SPEC §6). */
export function buildBridgesSheet(result: RunResult, reviews: ReadonlyMap<string, Review>): Sheet {
  const groupTitles = new Map(result.tieOut.map((row) => [row.group, row.groupTitle]))
  const detailText = detailFormatter()
  const rows: SheetRow[] = []
  for (const bridge of result.bridges) {
    const context = { bridge, groupTitle: groupTitles.get(bridge.group) ?? bridge.group, detailText }
    for (const line of bridge.lines) rows.push(lineRow(context, line, reviews.get(line.key)))
    rows.push(totalRow(context))
    for (const diagnostic of bridge.diagnostics) rows.push(diagnosticRow(context, diagnostic))
  }
  return { name: 'Bridges', preamble: bridgesPreamble(result), columns: BRIDGES.columns, rows, protected: true }
}

/** Every line awaits a review, so a line without one shows "Open" (SPEC §8). */
function lineRow({ bridge, groupTitle, detailText }: Context, line: BridgeLine, review: Review | undefined): SheetRow {
  const values = {
    bridge: bridge.title,
    entity: line.companyCode,
    group: groupTitle,
    businessKey: line.businessKey,
    description: line.description,
    amountLcy: moneyCell(line.amountLcy),
    amountUsd: moneyCell(line.amountUsd),
    material: yesNo(line.material),
    detail: detailText(line.detail),
    ...reviewValues(review, true),
  }
  return BRIDGES.row(values, 'normal', line.key)
}

function totalRow({ bridge, groupTitle }: Context): SheetRow {
  const listed = bridge.lines.length
  const threshold = bridge.lineThreshold
  const detail = [`sign in explained: ${bridge.sign > 0 ? '+' : ''}${bridge.sign}`]
  if (threshold !== null) detail.push(`line-item threshold USD: ${threshold.valueUsd} (${thresholdSource(threshold)})`)
  return BRIDGES.row(
    {
      bridge: bridge.title,
      entity: bridge.companyCode,
      group: groupTitle,
      description:
        `Total: ${listed} ${listed === 1 ? 'line' : 'lines'} listed, ` + `${bridge.zeroLineCount} with zero difference counted, not listed`,
      amountLcy: moneyCell(bridge.totalLcy),
      amountUsd: moneyCell(bridge.totalUsd),
      detail: detail.join('; '),
    },
    'total',
  )
}

/** Diagnostics are reported beside the bridge, never added to it: the amount stays out of the amount column. */
function diagnosticRow({ bridge, groupTitle }: Context, diagnostic: BridgeDiagnostic): SheetRow {
  const detail = [`count: ${diagnostic.count}`]
  if (diagnostic.amountLcy !== null) detail.push(`amount LCY: ${diagnostic.amountLcy}`)
  return BRIDGES.row(
    {
      bridge: bridge.title,
      entity: bridge.companyCode,
      group: groupTitle,
      description: `Diagnostic: ${diagnostic.label}`,
      detail: detail.join('; '),
    },
    'section',
  )
}

function bridgesPreamble(result: RunResult): string[] {
  return [
    'Bridges: known causes of variance, line by line',
    `Period: ${result.period.period}; run id ${result.runId}`,
    'Material lines (|amount USD| ≥ line-item threshold, or USD unknown) must not stay Open at sign-off.',
    'Edit only Review status and Comment; Sync review sends them to the server, which records reviewer and time.',
  ]
}
