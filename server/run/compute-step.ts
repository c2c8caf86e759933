import {
  CR_03,
  CR_04,
  CR_05,
  ENTITIES,
  IPE_07,
  IPE_08,
  IPE_08_USAGE,
  IPE_10,
  IPE_11,
  IPE_12,
  IPE_31,
  IPE_34,
  JDASH,
} from '../../shared/extracts/catalog.ts'
import type { Cr03Row, Ipe07Row, Ipe08Row, Ipe08UsageRow, JdashRow } from '../../shared/extracts/rows.ts'
import { inScopeCountryCodes, type ResolvedEntity } from '../../shared/entities.ts'
import { parsePeriod, type Period } from '../../shared/period.ts'
import { businessLineBridge, postingGroupBridge, timingBridge, vtcBridge, type BridgeDraft } from '../../shared/recon/bridges/index.ts'
import {
  createCategorizationContext,
  createCategorizationSummary,
  isVoucherLiability,
  toCategorizationResult,
  type CategorizationSummary,
  type EntryCategorization,
} from '../../shared/recon/categorization.ts'
import { centsToDecimal } from '../../shared/money.ts'
import { openCanonicalWriter } from '../extracts/canonical-writer.ts'
import { classifyWithFindings } from '../../shared/recon/classification.ts'
import { closingRates } from '../../shared/recon/fx-rates.ts'
import { computeRollForward, type RollForwardLine } from '../../shared/recon/roll-forward.ts'
import { assembleRunResult } from '../../shared/recon/assemble-result.ts'
import { targetValues, type ExtractRows } from '../../shared/recon/target-values.ts'
import { actualsByCompany } from '../../shared/recon/tie-out.ts'
import { createVoucherLookup } from '../../shared/recon/voucher-lookup.ts'
import type { ExtractRecord, QualityReport, RunResult } from '../../shared/result/types.ts'
import { withXmlTextNotes } from '../../shared/xml-text.ts'
import { attributeJdash, openRunExtracts, type RunExtracts } from './compute-inputs.ts'
import { readRunEntities } from './entities-step.ts'
import type { ReconcileDeps } from './reconcile-deps.ts'
import { runPaths, sha256OfFile, writeJsonAtomic } from './run-files.ts'
import { describeRunSource } from './run-source.ts'
import type { StepContext, StepOutput } from '../engine/workflow.ts'

/**
 * The computation of a run: reads every canonical extract once (CR_03 streamed, the rest held
 * grouped by company), runs the SPEC §4–§8 functions of shared/, and writes result.json.
 */
export async function runComputeStep(context: StepContext, deps: ReconcileDeps): Promise<StepOutput> {
  const result = await computeRun(context, deps)
  const path = runPaths(context.runDir).result
  await writeJsonAtomic(path, result)
  return {
    file: path,
    sha256: await sha256OfFile(path),
    summary: { entities: result.entities.length, bridgeLines: result.bridges.reduce((n, b) => n + b.lines.length, 0) },
  }
}

export async function computeRun(context: StepContext, deps: ReconcileDeps): Promise<RunResult> {
  const period = parsePeriod(context.input.period)
  const entities = await readRunEntities(context.runDir)
  const companies = new Set(entities.map((entity) => entity.companyCode))
  const extracts = await openRunExtracts(context.runDir, companies, context.signal)
  const master = await extracts.rows(ENTITIES, { allCompanies: true })
  const rates = closingRates(await extracts.rows(CR_05), period)
  const vouchers = await extracts.rowsByCompany(IPE_08)
  const usage = await extracts.rowsByCompany(IPE_08_USAGE)
  context.progress(1, 5, 'categorizing NAV 18412 entries')
  const categorization = await categorize(
    runPaths(context.runDir).categorized,
    extracts,
    deps,
    inScopeCountryCodes(master),
    vouchers,
    usage,
  )
  context.progress(2, 5, 'bridges and roll-forward')
  const customerEntries = await extracts.rowsByCompany(IPE_07)
  const jdash = extracts.isPresent('JDASH') ? attributeJdash(await extracts.rows(JDASH), entities) : null
  const bridges = entities.flatMap((entity) =>
    entityBridges(entity, { period, extracts, vouchers, customerEntries, jdash, categorization }),
  )
  const rollForward = entities.flatMap((entity) => entityRollForward(entity, period, categorization, vouchers, usage))
  context.progress(3, 5, 'target values and actuals')
  const openItems = await extracts.rows(IPE_31)
  const tvRows = await targetValueRows(extracts, deps, {
    IPE_07: [...customerEntries.values()].flat(),
    IPE_08: [...vouchers.values()].flat(),
    IPE_31: openItems,
  })
  context.progress(4, 5, 'classification and tie-out')
  const result = assembleRunResult({
    runId: context.runId,
    productVersion: deps.productVersion,
    period,
    source: describeRunSource(context.input.source),
    entities,
    rates,
    accountMap: deps.config.accountMap,
    thresholds: deps.config.thresholds,
    actuals: actualsByCompany(await extracts.rows(CR_04), period.closingDate),
    targetValues: targetValues(deps.config.accountMap, tvRows),
    bridges,
    rollForward,
    categorization: toCategorizationResult(categorization),
    classification: classifyWithFindings(openItems, deps.config.ruleCatalog, {
      companies: entities.map((entity) => entity.companyCode),
      rates,
      availableColumns: extracts.infos.get('IPE_31')?.sourceHeader ?? [],
    }),
    extracts: extractRecords(extracts),
    quality: qualityReports(extracts),
    config: deps.config.refs.map(({ name, file, sha256 }) => ({ name, file, sha256 })),
  })
  return withXmlTextNotes(result)
}

async function categorize(
  categorizedPath: string,
  extracts: RunExtracts,
  deps: ReconcileDeps,
  countryCodes: readonly string[],
  vouchers: ReadonlyMap<string, Ipe08Row[]>,
  usage: ReadonlyMap<string, Ipe08UsageRow[]>,
): Promise<CategorizationSummary> {
  const lookup = createVoucherLookup([...vouchers.values()].flat(), [...usage.values()].flat())
  const summary = createCategorizationSummary(createCategorizationContext(deps.config.categorization, countryCodes, lookup))
  const explained = await openCanonicalWriter(categorizedPath, CATEGORIZED_HEADER)
  try {
    await extracts.forEach(CR_03, (row) => {
      const categorization = summary.add(row)
      // The writer keeps order without being awaited; it flushes in 1 MB blocks.
      if (isVoucherLiability(row.account)) void explained.write(categorizedCells(row, categorization))
    })
  } catch (error) {
    await explained.abort()
    throw error
  }
  await explained.finish()
  return summary.finish()
}

/** Every GL 18412 entry with how it was categorized and by which rule (SPEC §5: explainable). */
const CATEGORIZED_HEADER = [
  'id_company',
  'Entry No_',
  'Posting Date',
  'Document No_',
  'Voucher No_',
  'User ID',
  'Amount',
  'integration_type',
  'category',
  'voucher_type',
  'rule',
  'business_use',
]

function categorizedCells(row: Cr03Row, categorization: EntryCategorization): string[] {
  return [
    row.companyCode ?? '',
    row.entryNo === null ? '' : String(row.entryNo),
    row.postingDate ?? '',
    row.documentNo ?? '',
    row.voucherNo ?? '',
    row.userId ?? '',
    row.amount === null ? '' : centsToDecimal(row.amount),
    categorization.integrationType,
    categorization.category ?? '',
    categorization.voucherType ?? '',
    categorization.rule === null ? '' : String(categorization.rule),
    categorization.businessUse ?? '',
  ]
}

type BridgeInputs = {
  readonly period: Period
  readonly extracts: RunExtracts
  readonly vouchers: ReadonlyMap<string, Ipe08Row[]>
  readonly customerEntries: ReadonlyMap<string, Ipe07Row[]>
  readonly jdash: ReadonlyMap<string, JdashRow[]> | null
  readonly categorization: CategorizationSummary
}

/** A bridge runs only when the extracts it reads were part of the run: no bridge is made of absent data. */
function entityBridges(entity: ResolvedEntity, inputs: BridgeInputs): BridgeDraft[] {
  const companyCode = entity.companyCode
  const vouchers = inputs.vouchers.get(companyCode) ?? []
  const entries = inputs.customerEntries.get(companyCode) ?? []
  const drafts: BridgeDraft[] = []
  if (inputs.extracts.isPresent('IPE_08') && inputs.jdash) {
    drafts.push(timingBridge({ companyCode, period: inputs.period, vouchers, jdash: inputs.jdash.get(companyCode) ?? [] }))
  }
  if (inputs.extracts.isPresent('IPE_08') && inputs.extracts.isPresent('CR_03')) {
    const navCancellationVoucherIds = inputs.categorization.cancellationOrVtcVouchers.get(companyCode) ?? new Set<string>()
    drafts.push(vtcBridge({ companyCode, period: inputs.period, vouchers, navCancellationVoucherIds }))
  }
  if (inputs.extracts.isPresent('IPE_07')) {
    drafts.push(postingGroupBridge({ companyCode, entries }), businessLineBridge({ companyCode, entries }))
  }
  return drafts
}

function entityRollForward(
  entity: ResolvedEntity,
  period: Period,
  categorization: CategorizationSummary,
  vouchers: ReadonlyMap<string, Ipe08Row[]>,
  usage: ReadonlyMap<string, Ipe08UsageRow[]>,
): RollForwardLine[] {
  const companyCode = entity.companyCode
  return computeRollForward({
    companyCode,
    period,
    navMovements: categorization.navMovements.filter((movement) => movement.companyCode === companyCode),
    vouchers: vouchers.get(companyCode) ?? [],
    usage: usage.get(companyCode) ?? [],
  })
}

const TV_ONLY_EXTRACTS = { IPE_10, IPE_11, IPE_12, IPE_34 } as const

/** Rows of every TV extract of the account map that was part of the run; absent ones give NO_TV. */
async function targetValueRows(extracts: RunExtracts, deps: ReconcileDeps, loaded: ExtractRows): Promise<ExtractRows> {
  const rows: ExtractRows = {}
  for (const group of deps.config.accountMap.groups) {
    const id = group.tv.extract
    if (!extracts.isPresent(id) || rows[id] !== undefined) continue
    const def = TV_ONLY_EXTRACTS[id as keyof typeof TV_ONLY_EXTRACTS]
    rows[id] = loaded[id] ?? (def ? await extracts.rows(def) : undefined)
  }
  return rows
}

function extractRecords(extracts: RunExtracts): ExtractRecord[] {
  return [...extracts.infos.values()]
    .filter((info) => info.present)
    .map((info) => ({ extract: info.extract, rows: info.rows, sha256: info.sha256 ?? '', file: `extracts/${info.extract}.csv` }))
}

function qualityReports(extracts: RunExtracts): QualityReport[] {
  return [...extracts.infos.values()].flatMap((info) => (info.quality ? [info.quality] : []))
}
