import type { CatalogFinding, ClassificationSummaryRow, ClassifiedItem, ListedRunResult } from '../result/types.ts'
import { centsToNumber, parseCents, type Cents, ZERO_CENTS, addCents } from '../money.ts'
import { listCell, moneyCell } from './cells.ts'
import { column, date, defineTable, id, integer, money, text } from './columns.ts'
import { type CellValue, columnLetter, dataRowNumber, type Sheet, type SheetRow } from './model.ts'
import { printSetup } from './print.ts'

const UNCLASSIFIED = 'UNCLASSIFIED'

const CLASSIFICATION = defineTable([
  text('entity', 'Entity', 9),
  text('rule', 'Rule', 26),
  column('title', 'Title', 'text', 26, { wrap: true }),
  date('eventDate', 'Event date'),
  column('cp', 'Collection partner', 'text', 16, { wrap: true }),
  column('transactionType', 'Transaction type', 'text', 16, { wrap: true }),
  text('relatedEntity', 'Related entity', 12),
  id('dr', 'Dr GL accounts', 12),
  id('cr', 'Cr GL accounts', 14),
  integer('count', 'Items', 9),
  money('amountLcy', 'Amount LCY', 15),
  money('amountUsd', 'Amount USD', 14),
  id('item', 'Item key', 24),
])

const letterOf = (key: string): string => columnLetter(CLASSIFICATION.columns.findIndex((c) => c.key === key))
const [COUNT, LCY, USD] = ['count', 'amountLcy', 'amountUsd'].map(letterOf)

/**
 * IPE_31 classification (methodology §7): first the summary per entity × rule with a subtotal per entity
 * (LCY) and a grand total (items, USD) as SUBTOTAL formulas, then what the catalog check found,
 * then every open item.
 */
export function buildClassificationSheet(result: ListedRunResult): Sheet {
  const { items, summary, catalogFindings } = result.classification
  const titles = new Map(items.map((item) => [item.rule, item.ruleTitle]))
  const preamble = [
    'Classification of collection-partner open items (IPE_31)',
    `Period: ${result.period.period}; run id ${result.runId}`,
    'Rules are tried by rank, then catalog order; the first match wins; an unmatched item is UNCLASSIFIED. Summary first, items after.',
  ]
  const rowNumber = (index: number): number => dataRowNumber(preamble.length, index)
  const rows: SheetRow[] = [CLASSIFICATION.section('Summary per entity and rule')]
  const firstSummary = rows.length
  const byEntity = new Map<string, ClassificationSummaryRow[]>()
  for (const row of summary) byEntity.set(row.companyCode, [...(byEntity.get(row.companyCode) ?? []), row])
  let grandCount = 0
  let grandUsd: Cents | null = ZERO_CENTS
  for (const [code, entityRows] of byEntity) {
    const first = rows.length
    for (const row of entityRows) rows.push(summaryRow(row, titles.get(row.rule) ?? null))
    const last = rows.length - 1
    const count = entityRows.reduce((sum, row) => sum + row.count, 0)
    const lcy = entityRows.reduce((sum, row) => addCents(sum, parseCents(row.amountLcy) ?? ZERO_CENTS), ZERO_CENTS)
    const usdCents = entityRows.every((row) => row.amountUsd !== null)
      ? entityRows.reduce((sum, row) => addCents(sum, parseCents(row.amountUsd) ?? ZERO_CENTS), ZERO_CENTS)
      : null
    grandCount += count
    grandUsd = grandUsd === null || usdCents === null ? null : addCents(grandUsd, usdCents)
    const range = (letter: string | undefined): string => `${letter}${rowNumber(first)}:${letter}${rowNumber(last)}`
    rows.push(
      CLASSIFICATION.row(
        {
          entity: code,
          rule: `Total ${code}`,
          count: subtotal(range(COUNT), count),
          amountLcy: subtotal(range(LCY), centsToNumber(lcy)),
          amountUsd: usdCents === null ? null : subtotal(range(USD), centsToNumber(usdCents)),
        },
        'total',
      ),
    )
  }
  const all = (letter: string | undefined): string =>
    `${letter}${rowNumber(firstSummary)}:${letter}${rowNumber(Math.max(firstSummary, rows.length - 1))}`
  rows.push(
    CLASSIFICATION.row(
      {
        rule: 'Grand total',
        title: 'All entities (LCY differ per entity: USD only)',
        count: subtotal(all(COUNT), grandCount),
        amountUsd: grandUsd === null ? null : subtotal(all(USD), centsToNumber(grandUsd)),
      },
      'total',
    ),
  )
  rows.push(CLASSIFICATION.section('Catalog findings'))
  for (const finding of catalogFindings) rows.push(findingRow(finding))
  if (catalogFindings.length === 0) rows.push(CLASSIFICATION.row({ title: 'No findings: every rule can fire.' }))
  rows.push(CLASSIFICATION.section('Open items (IPE_31)'))
  for (const item of items) rows.push(itemRow(item))
  return { name: 'Classification', preamble, print: printSetup(result), columns: CLASSIFICATION.columns, rows, protected: true }
}

/** SUBTOTAL ignores the subtotals inside its range, so a grand total over entity totals counts once. */
function subtotal(range: string, result: number): CellValue {
  return { formula: `SUBTOTAL(9,${range})`, result }
}

function itemRow(item: ClassifiedItem): SheetRow {
  const values = {
    entity: item.companyCode,
    rule: item.rule,
    title: item.ruleTitle,
    eventDate: item.eventDate === null ? null : item.eventDate.slice(0, 10),
    cp: item.cp,
    transactionType: item.transactionType,
    relatedEntity: item.relatedEntity,
    dr: listCell(item.drAccounts),
    cr: listCell(item.crAccounts),
    amountLcy: moneyCell(item.amountLcy),
    amountUsd: moneyCell(item.amountUsd),
    item: item.key,
  }
  return CLASSIFICATION.row(values, item.rule === UNCLASSIFIED ? 'investigate' : 'normal', item.key)
}

function summaryRow(row: ClassificationSummaryRow, title: string | null): SheetRow {
  return CLASSIFICATION.row(
    {
      entity: row.companyCode,
      rule: row.rule,
      title,
      count: row.count,
      amountLcy: moneyCell(row.amountLcy),
      amountUsd: moneyCell(row.amountUsd),
    },
    'normal',
  )
}

function findingRow(finding: CatalogFinding): SheetRow {
  return CLASSIFICATION.row({ rule: finding.rule, title: `${finding.kind}: ${finding.detail}` })
}
