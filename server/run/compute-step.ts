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
} from '../../shared/extracts/catalog.ts'
import type { Ipe08Row } from '../../shared/extracts/rows.ts'
import { inScopeCountryCodes, type ResolvedEntity } from '../../shared/entities.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import { parsePeriod, type Period } from '../../shared/period.ts'
import type { AccountMap, TvRow } from '../../shared/recon/account-map.ts'
import {
  businessLineTally,
  postingGroupTally,
  isRefundInactiveInPeriod,
  isTimingVoucher,
  jdashUsageTally,
  timingBridgeOfUsage,
  vtcBridge,
  type BridgeDraft,
} from '../../shared/recon/bridges/index.ts'
import {
  CATEGORIZATION_FIELDS,
  createCategorizationContext,
  createCategorizationSummary,
  isVoucherLiability,
  toCategorizationResult,
  type CategorizationRow,
  type CategorizationSummary,
  type EntryCategorization,
} from '../../shared/recon/categorization.ts'
import { centsToDecimal, type Cents } from '../../shared/money.ts'
import { openCanonicalWriter } from '../extracts/canonical-writer.ts'
import { classifyWithFindings } from '../../shared/recon/classification.ts'
import { closingRates } from '../../shared/recon/fx-rates.ts'
import { createBobSide, rollForwardLines, type BobMovement, type BobSide } from '../../shared/recon/roll-forward.ts'
import { assembleRunResult } from '../../shared/recon/assemble-result.ts'
import { targetValues, targetValueTally, type ExtractRows, type TargetValues } from '../../shared/recon/target-values.ts'
import { actualsByCompany } from '../../shared/recon/tie-out.ts'
import { companyKey, createVoucherLookupBuilder, type VoucherLookup } from '../../shared/recon/voucher-lookup.ts'
import type { ExtractRecord, ListedRunResult, QualityReport } from '../../shared/result/types.ts'
import { splitLists } from '../../shared/result/lists.ts'
import { writeResultList } from '../export/result-lists.ts'
import { withXmlTextNotes } from '../../shared/xml-text.ts'
import { jdashUsageByEntity, openRunExtracts, type RunExtracts } from './compute-inputs.ts'
import { readRunEntities } from './entities-step.ts'
import type { ConfigBundle } from './config-bundle.ts'
import type { ReconcileDeps } from './reconcile-deps.ts'
import { extractWorkerPool, type ExtractWorkerPool } from './worker-pool.ts'
import { runPaths, sha256OfFile, writeJsonAtomic } from './run-files.ts'
import { describeRunSource } from './run-source.ts'
import type { StepContext, StepOutput } from '../engine/workflow.ts'

/**
 * The computation of a run: reads the canonical extracts (CR_03 and IPE_08 streamed, the rest held
 * grouped by company), runs the methodology §4–§8 functions of shared/, and writes result.json.
 */
export async function runComputeStep(context: StepContext, deps: ReconcileDeps): Promise<StepOutput> {
  const paths = runPaths(context.runDir)
  // result.json holds counts and totals; the long lists go to the evidence CSVs it names.
  const { result, lists } = splitLists(await computeRun(context, deps))
  context.progress(5, 5, 'writing result.json and its lists')
  await writeResultList(paths.classifiedItems, 'classifiedItems', lists.classifiedItems)
  await writeResultList(paths.uncategorized, 'uncategorized', lists.uncategorized)
  const path = paths.result
  await writeJsonAtomic(path, result)
  return {
    file: path,
    sha256: await sha256OfFile(path),
    summary: { entities: result.entities.length, bridgeLines: result.bridges.reduce((n, b) => n + b.lines.length, 0) },
  }
}

/**
 * Categorizing CR_03 is the longest part: this thread builds the voucher lookup and streams CR_03
 * through it. Beside it, in worker threads when there are any (after it otherwise), run the figures
 * that do not need CR_03 (customer-entry bridges, open items, target values, actuals) and what
 * IPE_08, its usage and Jdash give on their own (BOB side of the roll-forward, timing bridge, the
 * refunds the VTC bridge looks at). Each holds one extract's rows at a time, or none.
 */
export async function computeRun(context: StepContext, deps: ReconcileDeps): Promise<ListedRunResult> {
  const period = parsePeriod(context.input.period)
  const entities = await readRunEntities(context.runDir)
  const companies = new Set(entities.map((entity) => entity.companyCode))
  const extracts = await openRunExtracts(context.runDir, companies, context.signal)
  const paths = runPaths(context.runDir)
  const sideInput: SideInput = { runDir: context.runDir, period: context.input.period, entities }
  const sideStop = new AbortController()
  const signal = AbortSignal.any([context.signal, sideStop.signal])
  const pool = extractWorkerPool()
  const beside = pool ? inWorker<SideFigures>(pool, 'side', sideInput, deps, signal) : null
  const voucherSide = pool ? inWorker<VoucherFigures>(pool, 'vouchers', sideInput, deps, signal) : null
  beside?.catch(() => undefined)
  voucherSide?.catch(() => undefined)
  try {
    const master = await extracts.rows(ENTITIES, { allCompanies: true })
    const rates = closingRates(await extracts.rows(CR_05), period)
    const tv = createTargetValues(extracts, deps.config.accountMap)
    const lookup = await voucherLookup(extracts)
    context.progress(1, 5, 'categorizing NAV 18412 entries')
    const categorization = await categorize(paths.categorized, extracts, deps, inScopeCountryCodes(master), lookup)
    context.progress(2, 5, 'bridges and roll-forward')
    const vouchers = await (voucherSide ?? voucherFigures(sideInput, deps.config, signal))
    tv.absorb(vouchers.tv)
    const rollForward = entities.flatMap(({ companyCode }, index) =>
      rollForwardLines(companyCode, categorization.navMovements, vouchers.bob[index] ?? []),
    )
    context.progress(3, 5, 'target values and actuals')
    const side = await (beside ?? sideFigures(sideInput, deps.config, signal))
    tv.absorb(side.tv)
    const bridges = entities.flatMap((entity, index) => [
      ...(vouchers.timing.get(entity.companyCode) ?? []),
      ...vtcBridgeOf(entity, period, extracts, categorization, vouchers.refunds[index] ?? []),
      ...(side.customerBridges.get(entity.companyCode) ?? []),
    ])
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
      actuals: side.actuals,
      targetValues: tv.values(),
      bridges,
      rollForward,
      categorization: toCategorizationResult(categorization),
      classification: side.classification,
      extracts: extractRecords(extracts),
      quality: qualityReports(extracts),
      config: deps.config.refs.map(({ name, file, sha256 }) => ({ name, file, sha256 })),
    })
    return withXmlTextNotes(result)
  } finally {
    sideStop.abort(new Error('compute finished'))
  }
}

/** What the side figures need: plain data, so they can be computed in a worker thread. */
export type SideInput = { readonly runDir: string; readonly period: string; readonly entities: readonly ResolvedEntity[] }

export type SideFigures = {
  /** Posting-group and business-line bridges per company. */
  readonly customerBridges: Map<string, BridgeDraft[]>
  /** Target values of IPE_07, IPE_31 and the TV-only extracts. */
  readonly tv: Map<ExtractId, TargetValues>
  readonly classification: ReturnType<typeof classifyWithFindings>
  readonly actuals: ReturnType<typeof actualsByCompany>
}

/** IPE_07, IPE_31, the TV-only extracts and CR_04, one at a time. */
export async function sideFigures(input: SideInput, config: ConfigBundle, signal: AbortSignal): Promise<SideFigures> {
  const period = parsePeriod(input.period)
  const companies = input.entities.map((entity) => entity.companyCode)
  const extracts = await openRunExtracts(input.runDir, new Set(companies), signal)
  const rates = closingRates(await extracts.rows(CR_05), period)
  const tv = createTargetValues(extracts, config.accountMap)
  const customerBridges = await customerPhase(extracts, input.entities, tv)
  const openItems = await extracts.rows(IPE_31)
  tv.add('IPE_31', () => openItems)
  await tv.addOthers()
  const actuals = actualsByCompany(await extracts.rows(CR_04), period.closingDate)
  const classification = classifyWithFindings(openItems, config.ruleCatalog, {
    companies,
    rates,
    availableColumns: extracts.infos.get('IPE_31')?.sourceHeader ?? [],
  })
  return { customerBridges, tv: tv.parts(), classification, actuals }
}

function inWorker<T>(pool: ExtractWorkerPool, figures: 'side' | 'vouchers', input: SideInput, deps: ReconcileDeps, signal: AbortSignal) {
  const task = {
    kind: 'compute-side' as const,
    figures,
    ...input,
    configDir: deps.config.dir,
    configSha256: deps.config.refs.map((ref) => ref.sha256),
  }
  return pool.run(task, { signal, progress: () => undefined }) as Promise<T>
}

/** Where each CR_03 `Voucher No_` is found: IPE_08 then its usage, three fields of each read. */
async function voucherLookup(extracts: RunExtracts): Promise<VoucherLookup> {
  const lookup = createVoucherLookupBuilder()
  await extracts.forEachOf(IPE_08, ['companyCode', 'id', 'businessUse'], lookup.addVoucher)
  await extracts.forEachOf(IPE_08_USAGE, ['companyCode', 'id', 'businessUse'], lookup.addUsage)
  return lookup.lookup
}

/** What IPE_08, its usage and Jdash give besides the voucher lookup; per entity in the run's order. */
export type VoucherFigures = {
  /** BOB side of each entity's roll-forward. */
  readonly bob: BobMovement[][]
  readonly timing: Map<string, BridgeDraft[]>
  /** The refund vouchers the VTC bridge looks at (it needs CR_03's categorization too). */
  readonly refunds: Ipe08Row[][]
  /** Target values of IPE_08. */
  readonly tv: Map<ExtractId, TargetValues>
}

/**
 * IPE_08 and its usage read once without holding them: the BOB side of the roll-forward, IPE_08's
 * target values and the vouchers the timing and VTC bridges list; then Jdash and the timing bridge.
 */
export async function voucherFigures(input: SideInput, config: ConfigBundle, signal: AbortSignal): Promise<VoucherFigures> {
  const period = parsePeriod(input.period)
  const { entities } = input
  const extracts = await openRunExtracts(input.runDir, new Set(entities.map((entity) => entity.companyCode)), signal)
  const tv = createTargetValues(extracts, config.accountMap)
  const perCompany = new Map(entities.map(({ companyCode }) => [companyCode, companyVouchers(period)]))
  const vouchersTv = tv.tally('IPE_08')
  await extracts.forEach(IPE_08, (row) => {
    vouchersTv?.add(row)
    perCompany.get(companyKey(row.companyCode))?.add(row)
  })
  vouchersTv?.finish()
  await extracts.forEach(IPE_08_USAGE, (row) => perCompany.get(companyKey(row.companyCode))?.bob.addUsage(row))
  const timing = extracts.isPresent('JDASH') ? await timingPhase(extracts, entities, period, perCompany) : new Map<string, BridgeDraft[]>()
  const of = ({ companyCode }: ResolvedEntity) => perCompany.get(companyCode) ?? companyVouchers(period)
  return {
    bob: entities.map((entity) => of(entity).bob.movements()),
    timing,
    refunds: entities.map((entity) => of(entity).refunds),
    tv: tv.parts(),
  }
}

/** What one entity keeps of IPE_08 and its usage once they are read. */
type CompanyVouchers = {
  readonly bob: BobSide
  /** The vouchers the timing bridge and the VTC bridge look at; the others are not kept. */
  readonly timing: Ipe08Row[]
  readonly refunds: Ipe08Row[]
  add(row: Ipe08Row): void
}

function companyVouchers(period: Period): CompanyVouchers {
  const bob = createBobSide(period)
  const timing: Ipe08Row[] = []
  const refunds: Ipe08Row[] = []
  return {
    bob,
    timing,
    refunds,
    add(row) {
      bob.addVoucher(row)
      if (isTimingVoucher(row, period)) timing.push(row)
      if (isRefundInactiveInPeriod(row, period)) refunds.push(row)
    },
  }
}

/** IPE_07, read once without holding its rows: the posting-group and business-line bridges and its target values. */
async function customerPhase(
  extracts: RunExtracts,
  entities: readonly ResolvedEntity[],
  tv: TargetValueParts,
): Promise<Map<string, BridgeDraft[]>> {
  const bridges = new Map(entities.map(({ companyCode }) => [companyCode, [postingGroupTally(), businessLineTally()] as const]))
  const customersTv = tv.tally('IPE_07')
  await extracts.forEach(IPE_07, (row) => {
    customersTv?.add(row)
    for (const bridge of bridges.get(companyKey(row.companyCode)) ?? []) bridge.add(row)
  })
  customersTv?.finish()
  const drafts = new Map<string, BridgeDraft[]>()
  if (!extracts.isPresent('IPE_07')) return drafts
  for (const [companyCode, [postingGroups, businessLines]] of bridges) {
    drafts.set(companyCode, [postingGroups.bridge(companyCode), businessLines.bridge(companyCode)])
  }
  return drafts
}

/** Jdash: the timing bridge (it needs IPE_08 too). */
async function timingPhase(
  extracts: RunExtracts,
  entities: readonly ResolvedEntity[],
  period: Period,
  vouchers: ReadonlyMap<string, CompanyVouchers>,
): Promise<Map<string, BridgeDraft[]>> {
  const jdash = await jdashUsageByEntity(extracts, entities)
  const drafts = new Map<string, BridgeDraft[]>()
  if (!extracts.isPresent('IPE_08')) return drafts
  for (const { companyCode } of entities) {
    drafts.set(companyCode, [
      timingBridgeOfUsage({
        companyCode,
        period,
        vouchers: vouchers.get(companyCode)?.timing ?? [],
        usage: jdash.get(companyCode) ?? jdashUsageTally().usage,
      }),
    ])
  }
  return drafts
}

/** A bridge runs only when the extracts it reads were part of the run: no bridge is made of absent data. */
function vtcBridgeOf(
  entity: ResolvedEntity,
  period: Period,
  extracts: RunExtracts,
  categorization: CategorizationSummary,
  refunds: readonly Ipe08Row[],
): BridgeDraft[] {
  if (!extracts.isPresent('IPE_08') || !extracts.isPresent('CR_03')) return []
  const companyCode = entity.companyCode
  const navCancellationVoucherIds = categorization.cancellationOrVtcVouchers.get(companyCode) ?? new Set<string>()
  return [vtcBridge({ companyCode, period, vouchers: refunds, navCancellationVoucherIds })]
}

async function categorize(
  categorizedPath: string,
  extracts: RunExtracts,
  deps: ReconcileDeps,
  countryCodes: readonly string[],
  lookup: VoucherLookup,
): Promise<CategorizationSummary> {
  const summary = createCategorizationSummary(createCategorizationContext(deps.config.categorization, countryCodes, lookup))
  const explained = await openCanonicalWriter(categorizedPath, CATEGORIZED_HEADER)
  try {
    // Entries of other accounts are only counted: their other fields are not decoded.
    const voucherLiability = { field: 'account', keep: isVoucherLiability }
    const { filtered } = await extracts.forEachOf(
      CR_03,
      CATEGORIZATION_FIELDS,
      (row) => {
        const categorization = summary.add(row)
        // The writer keeps order without being awaited; it flushes in 1 MB blocks.
        if (isVoucherLiability(row.account)) void explained.write(categorizedCells(row, categorization))
      },
      voucherLiability,
    )
    summary.addOtherAccountRows(filtered)
  } catch (error) {
    await explained.abort()
    throw error
  }
  await explained.finish()
  return summary.finish()
}

/** Every GL 18412 entry with how it was categorized and by which rule (methodology §5: explainable). */
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

function categorizedCells(row: CategorizationRow, categorization: EntryCategorization): string[] {
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

const TV_ONLY_EXTRACTS = { IPE_10, IPE_11, IPE_12, IPE_34 } as const

/** Target values gathered extract by extract, while each one's rows are at hand. */
type TargetValueParts = {
  /** Adds the totals of one extract when the account map reads it and it was part of the run. */
  add(id: ExtractId, rows: () => ExtractRows[ExtractId]): void
  /** Sums one extract's totals row by row as it is read; null when the map does not read it or it was absent. */
  tally(id: ExtractId): { add(row: TvRow): void; finish(): void } | null
  /** Reads and adds every TV-only extract of the account map, one at a time, without holding its rows. */
  addOthers(): Promise<void>
  /** The totals gathered so far, per extract; `absorb` takes those gathered elsewhere. */
  parts(): Map<ExtractId, TargetValues>
  absorb(parts: ReadonlyMap<ExtractId, TargetValues>): void
  values(): TargetValues
}

/** Rows of every TV extract of the account map that was part of the run; absent ones give NO_TV. */
function createTargetValues(extracts: RunExtracts, map: AccountMap): TargetValueParts {
  const wanted = [...new Set(map.groups.map((group) => group.tv.extract))].filter((id) => extracts.isPresent(id))
  const parts = new Map<ExtractId, TargetValues>()
  const add = (id: ExtractId, rows: () => ExtractRows[ExtractId]) => {
    if (wanted.includes(id) && !parts.has(id)) parts.set(id, targetValues(map, { [id]: rows() }))
  }
  const tally = (id: ExtractId) => {
    if (!wanted.includes(id) || parts.has(id)) return null
    const totals = targetValueTally(map, id)
    return { add: totals.add, finish: () => void parts.set(id, totals.values()) }
  }
  return {
    add,
    tally,
    async addOthers() {
      for (const id of wanted) {
        const def = TV_ONLY_EXTRACTS[id as keyof typeof TV_ONLY_EXTRACTS]
        const totals = def ? tally(id) : null
        if (!def || !totals) continue
        await extracts.forEach(def, totals.add)
        totals.finish()
      }
    },
    parts: () => parts,
    absorb(more) {
      for (const [id, values] of more) if (wanted.includes(id) && !parts.has(id)) parts.set(id, values)
    },
    values() {
      // In the account map's order, as one call over every extract would give.
      const merged = new Map<string, ReadonlyMap<string, Cents>>()
      for (const id of wanted) for (const [group, perCompany] of parts.get(id) ?? []) merged.set(group, perCompany)
      return merged
    },
  }
}

function extractRecords(extracts: RunExtracts): ExtractRecord[] {
  return [...extracts.infos.values()]
    .filter((info) => info.present)
    .map((info) => ({ extract: info.extract, rows: info.rows, sha256: info.sha256 ?? '', file: `extracts/${info.extract}.csv` }))
}

function qualityReports(extracts: RunExtracts): QualityReport[] {
  return [...extracts.infos.values()].flatMap((info) => (info.quality ? [info.quality] : []))
}
