import type { CatalogFinding, ClassificationSummaryRow, ClassifiedItem, RunResult } from '../result/types.ts'
import { listCell, moneyCell } from './cells.ts'
import { date, defineTable, id, integer, money, text } from './columns.ts'
import type { Sheet, SheetRow } from './model.ts'

const UNCLASSIFIED = 'UNCLASSIFIED'

const CLASSIFICATION = defineTable([
  text('entity', 'Entity', 10),
  text('rule', 'Rule', 26),
  text('title', 'Title', 36),
  date('eventDate', 'Event date'),
  text('cp', 'Collection partner', 20),
  text('transactionType', 'Transaction type', 22),
  text('relatedEntity', 'Related entity', 18),
  id('dr', 'Dr GL accounts', 16),
  id('cr', 'Cr GL accounts', 20),
  integer('count', 'Items'),
  money('amountLcy', 'Amount LCY'),
  money('amountUsd', 'Amount USD'),
  id('item', 'Item key', 30),
])

/** IPE_31 open items by rule, the totals per entity × rule, then what the catalog check found (SPEC §7). */
export function buildClassificationSheet(result: RunResult): Sheet {
  const { items, summary, catalogFindings } = result.classification
  const titles = new Map(items.map((item) => [item.rule, item.ruleTitle]))
  const rows: SheetRow[] = [CLASSIFICATION.section('Open items (IPE_31)')]
  for (const item of items) rows.push(itemRow(item))
  rows.push(CLASSIFICATION.section('Summary per entity and rule'))
  for (const row of summary) rows.push(summaryRow(row, titles.get(row.rule) ?? null))
  rows.push(CLASSIFICATION.section('Catalog findings'))
  for (const finding of catalogFindings) rows.push(findingRow(finding))
  if (catalogFindings.length === 0) rows.push(CLASSIFICATION.row({ title: 'No findings: every rule can fire.' }))
  return {
    name: 'Classification',
    preamble: [
      'Classification of collection-partner open items (IPE_31)',
      `Period: ${result.period.period}; run id ${result.runId}`,
      'Rules are tried by rank, then catalog order; the first match wins; an unmatched item is UNCLASSIFIED.',
    ],
    columns: CLASSIFICATION.columns,
    rows,
    protected: true,
  }
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
    'total',
  )
}

function findingRow(finding: CatalogFinding): SheetRow {
  return CLASSIFICATION.row({ rule: finding.rule, title: `${finding.kind}: ${finding.detail}` })
}
