import type { Period } from '../period.ts'
import type { ListedRunResult, QualityReport, RunResult } from '../result/types.ts'
import { amountText, countText, moneyCell } from './cells.ts'
import { column, date, defineTable, id, integer, money, text } from './columns.ts'
import type { Sheet, SheetRow } from './model.ts'
import { printSetup } from './print.ts'

/** A file of the evidence package, as the manifest lists it. */
export type EvidenceFile = { readonly path: string; readonly bytes: number; readonly sha256: string }

export type WorkbookEvidence = {
  readonly manifestSha256: string | null
  readonly files?: readonly EvidenceFile[]
}

const EVIDENCE = defineTable([
  column('section', 'Section', 'text', 16, { wrap: true }),
  column('item', 'Item', 'id', 24, { wrap: true }),
  text('entity', 'Entity', 9),
  column('reference', 'Reference', 'id', 18, { wrap: true }),
  column('description', 'Description', 'text', 48, { wrap: true }),
  date('date', 'Date'),
  integer('count', 'Count', 11),
  money('amountLcy', 'Amount LCY', 15),
  id('sha256', 'SHA-256', 66),
])

type Row = Parameters<typeof EVIDENCE.row>[0]

/** How every figure of the workbook can be traced and re-computed (methodology §10, §5, §11). */
export function buildEvidenceSheet(result: ListedRunResult, evidence?: WorkbookEvidence): Sheet {
  const rows: SheetRow[] = []
  const add = (section: string, values: readonly Row[], legend?: string): void => {
    rows.push(EVIDENCE.section(legend === undefined ? section : `${section} (${legend})`))
    for (const value of values) rows.push(EVIDENCE.row({ section, ...value }))
  }
  add('Run', runRows(result, evidence))
  add('Derived dates', derivedDateRows(result.period))
  const extracts = result.extracts.map((e) => ({ item: e.extract, description: e.file, count: e.rows, sha256: e.sha256 }))
  add('Extracts', extracts, 'Description = canonical CSV, Count = rows')
  add('Quality checks', result.quality.flatMap(qualityRows), 'Count = rows checked, or rows with the issue')
  add(
    'Configuration',
    result.config.map((c) => ({ item: c.name, description: c.file, sha256: c.sha256 })),
  )
  if (evidence?.files !== undefined) add('Evidence files', evidence.files.map(fileRow), 'Count = bytes')
  add('18412 categorization', categorizationRows(result), 'Item = rule, Reference = category / voucher type, Count = NAV rows')
  add('Bridge diagnostics', bridgeDiagnosticRows(result), 'Count = items; counted beside the bridge, never added to it')
  add('Uncategorized 18412 rows', uncategorizedRows(result), 'Item = entry no., Reference = document no.')
  add('Unmapped business uses', unmappedRows(result), 'Item = business use, Count = NAV rows')
  add('Vouchers not found', notFoundRows(result), 'Item = voucher no., Count = NAV rows')
  return {
    name: 'Evidence',
    preamble: ['Evidence', `Period: ${result.period.period}; run id ${result.runId}`],
    print: printSetup(result),
    columns: EVIDENCE.columns,
    rows,
    protected: true,
  }
}

function runRows(result: RunResult, evidence: WorkbookEvidence | undefined): Row[] {
  const rows: Row[] = [
    { item: 'Run id', description: result.runId },
    { item: 'Period', description: result.period.period },
    { item: 'Source', description: result.source },
    { item: 'Product version', description: `${result.product.name} ${result.product.version}` },
    { item: 'Result schema', description: `version ${result.schemaVersion}` },
    { item: 'Entities', description: result.entities.map((e) => e.companyCode).join(', '), count: result.entities.length },
  ]
  for (const entity of result.entities) {
    const rate =
      entity.fxRate === null
        ? 'FX rate missing (USD figures empty, statuses FX_MISSING)'
        : `FX rate ${entity.fxRate} ${entity.currency} per USD`
    rows.push({
      item: 'Entity',
      entity: entity.companyCode,
      reference: entity.countryCode,
      description: `${entity.name}; ${entity.currency}; ${rate}`,
    })
  }
  if (evidence !== undefined) {
    rows.push({
      item: 'Manifest',
      description: evidence.manifestSha256 === null ? 'not yet written' : 'manifest.json',
      sha256: evidence.manifestSha256,
    })
  }
  return rows
}

const DERIVED_DATES = ['closingDate', 'periodStart', 'nextPeriodStart', 'yearStart', 'timingWindowStart'] as const

function derivedDateRows(period: Period): Row[] {
  const rows: Row[] = DERIVED_DATES.map((name) => ({ item: name, date: period[name] }))
  rows.push({ item: 'FX period', description: `${period.fxYear}-${String(period.fxMonth).padStart(2, '0')}` })
  return rows
}

function qualityRows(report: QualityReport): Row[] {
  const verdict = report.passed ? 'passed' : 'failed'
  const rows: Row[] = [
    { item: report.extract, description: `${verdict}; ${report.issues.length} issue(s); ${report.file}`, count: report.rows },
  ]
  for (const issue of report.issues) {
    const where = issue.column === undefined ? '' : ` [${issue.column}]`
    const rowList = issue.rows === undefined || issue.rows.length === 0 ? '' : ` rows ${issue.rows.join(', ')}`
    rows.push({
      item: report.extract,
      reference: `${issue.severity} ${issue.check}`,
      description: `${issue.message}${where}${rowList}`,
      count: issue.rows?.length ?? null,
    })
  }
  return rows
}

function fileRow(file: EvidenceFile): Row {
  return { item: file.path, description: `${countText(file.bytes)} bytes`, count: file.bytes, sha256: file.sha256 }
}

function categorizationRows(result: RunResult): Row[] {
  const { counts, otherAccountRows } = result.categorization
  const rows: Row[] = counts.map((c) => ({
    item: c.rule === null ? 'no rule' : `rule ${c.rule}`,
    entity: c.companyCode,
    reference: c.category === null ? '(none)' : c.voucherType === null ? c.category : `${c.category} / ${c.voucherType}`,
    count: c.count,
    amountLcy: moneyCell(c.amountLcy),
  }))
  rows.push({ item: 'other accounts', description: 'CR_03 rows of other GL accounts: counted, not categorized', count: otherAccountRows })
  return rows
}

/** What each bridge left out, and why: zero-difference lines, excluded and not-in-scope items. */
function bridgeDiagnosticRows(result: RunResult): Row[] {
  const rows: Row[] = []
  for (const bridge of result.bridges) {
    if (bridge.zeroLineCount > 0) {
      rows.push({
        item: bridge.title,
        entity: bridge.companyCode,
        description: `${countText(bridge.zeroLineCount)} lines with zero difference: counted, not listed`,
        count: bridge.zeroLineCount,
      })
    }
    for (const diagnostic of bridge.diagnostics) {
      const amount = diagnostic.amountLcy === null ? '' : `; ${amountText(diagnostic.amountLcy)} LCY`
      rows.push({
        item: bridge.title,
        entity: bridge.companyCode,
        description: `${diagnostic.label}: ${countText(diagnostic.count)}${amount}`,
        count: diagnostic.count,
        amountLcy: moneyCell(diagnostic.amountLcy),
      })
    }
  }
  return rows
}

function uncategorizedRows(result: ListedRunResult): Row[] {
  return result.categorization.uncategorized.map((row) => ({
    item: row.entryNo === null ? null : String(row.entryNo),
    entity: row.companyCode,
    reference: row.documentNo,
    description: [row.description ?? '', row.userId === null ? '' : `user ${row.userId}`].filter((p) => p !== '').join('; '),
    date: row.postingDate === null ? null : row.postingDate.slice(0, 10),
    amountLcy: moneyCell(row.amountLcy),
  }))
}

function unmappedRows(result: RunResult): Row[] {
  return result.categorization.unmappedBusinessUses.map((u) => ({
    item: u.businessUse,
    entity: u.companyCode,
    description: 'business use maps to no voucher type',
    count: u.count,
  }))
}

function notFoundRows(result: RunResult): Row[] {
  return result.categorization.vouchersNotFound.map((v) => ({
    item: v.voucherNo,
    entity: v.companyCode,
    description: 'voucher in neither IPE_08 nor IPE_08_USAGE',
    count: v.count,
  }))
}
