import { createReadStream } from 'node:fs'
import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import { buildWorkbook } from '../../shared/sheets/build.ts'
import { sealedStatus } from '../../shared/sheets/signoff.ts'
import type { RunResult } from '../../shared/result/types.ts'
import { RESULT_LIST_FILES } from '../../shared/api/result-schema.ts'
import { withLists } from '../../shared/result/lists.ts'
import { readResultList } from '../export/result-lists.ts'
import { EVIDENCE_FOLDER, EVIDENCE_PATHS, evidenceJson, MANIFEST_FILE, writeEvidencePackage } from '../evidence/index.ts'
import { sha256Hex } from '../evidence/hash.ts'
import { packageKey, STORE_EVIDENCE } from '../evidence/store/evidence-store.ts'
import { createLocalStore } from '../evidence/store/local-store.ts'
import { latestStoredLink, publishPackage } from '../evidence/store/packages.ts'
import type { EvidenceFileInput } from '../evidence/index.ts'
import { sheetToCsv } from '../export/sheet-csv.ts'
import { writeWorkbookXlsx } from '../export/xlsx.ts'
import type { ExtractInfo } from './extract-step.ts'
import { readRunEntities } from './entities-step.ts'
import { RECONCILE_VERSION, type ReconcileDeps } from './reconcile-deps.ts'
import { readJson, runPaths, sha256OfFile, writeFileAtomic } from './run-files.ts'
import type { StepContext, StepOutput } from '../engine/workflow.ts'

/**
 * Renders the workbook, seals the evidence package in the run's folder (methodology §10) and
 * publishes it into the evidence store, where every server instance reads it by run id. Packages
 * of one period are sealed one at a time so each links to its predecessor in the store. A retried
 * step keeps what an earlier attempt sealed or published: a package is never rewritten.
 */
export async function runEvidenceStep(context: StepContext, deps: ReconcileDeps): Promise<StepOutput> {
  const signer = deps.signer
  if (!signer) throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: 'no signing key: a package cannot be sealed without one' })
  const store = deps.evidenceStore ?? createLocalStore(deps.evidenceChainRoot, { folders: { [STORE_EVIDENCE]: deps.evidenceChainRoot } })
  const paths = runPaths(context.runDir)
  const result = await renderResults(paths, context.input.preparer)
  context.progress(1, 2, 'workbook written')
  const period = result.period.period
  const key = packageKey(period, context.runId)
  // Runs of one period seal one at a time, across every instance when the engine shares its state.
  const { exclusive } = context
  const sealOnePeriodAtATime = (work: () => Promise<string>) =>
    exclusive ? exclusive(`tieout-seal:${period}`, work) : withPeriodLock(period, work)
  const manifestSha256 = await sealOnePeriodAtATime(async () => {
    if (await store.exists(`${key}/${MANIFEST_FILE}`)) return sha256Hex(await store.read(`${key}/${MANIFEST_FILE}`))
    if (!(await exists(`${paths.evidence}/${MANIFEST_FILE}`))) {
      const files = await evidenceFiles(context, deps, result)
      await writeEvidencePackage(paths.evidence, {
        runId: context.runId,
        period,
        productVersion: deps.productVersion,
        createdAt: new Date().toISOString(),
        ...(await latestStoredLink(store, period)),
        signer,
        files,
      })
    }
    await publishPackage(store, paths.evidence, period, context.runId)
    return sha256OfFile(`${paths.evidence}/${MANIFEST_FILE}`)
  })
  // No zip here: a download streams it from the store on demand, `reconcile --out` writes it once.
  context.progress(2, 2, 'evidence sealed')
  return {
    file: `${paths.evidence}/${MANIFEST_FILE}`,
    sha256: manifestSha256,
    summary: {
      manifestSha256,
      keyFingerprint: signer.fingerprint,
      // Names relative to the run's folder (its working copy of the package) and, the same below
      // `evidenceKey`, in the evidence store: the API reads the published files by run id there.
      resultPath: `${EVIDENCE_FOLDER}/${EVIDENCE_PATHS.result}`,
      workbookPath: `${EVIDENCE_FOLDER}/${EVIDENCE_PATHS.workbook}`,
      evidencePath: EVIDENCE_FOLDER,
      evidenceKey: key,
      evidenceStore: store.kind,
    },
  }
}

/** What the package needs of the results once the workbook and its sheets are on disk. */
type RenderedResults = Pick<RunResult, 'period' | 'source' | 'extracts'> & { readonly sheets: readonly { name: string; file: string }[] }

/**
 * The workbook and one CSV per sheet, written one sheet at a time; the result and the workbook
 * model are dropped when this returns, before the package is written.
 */
async function renderResults(paths: ReturnType<typeof runPaths>, preparer: string): Promise<RenderedResults> {
  const result = await readJson<RunResult>(paths.result)
  const lists = {
    classifiedItems: await readResultList(createReadStream(paths.classifiedItems), 'classifiedItems', paths.classifiedItems),
    uncategorized: await readResultList(createReadStream(paths.uncategorized), 'uncategorized', paths.uncategorized),
  }
  // The sealed copy shows the state at sealing: prepared, not yet reviewed or signed off.
  const model = buildWorkbook(withLists(result, lists), new Map(), undefined, sealedStatus(preparer, new Date().toISOString()))
  await writeWorkbookXlsx(model, paths.workbook)
  const sheets: { name: string; file: string }[] = []
  for (const sheet of model.sheets) {
    const file = join(paths.resultDir, 'sheets', `${sheet.name}.csv`)
    await writeFileAtomic(file, sheetToCsv(sheet))
    sheets.push({ name: sheet.name, file })
  }
  return { period: result.period, source: result.source, extracts: result.extracts, sheets }
}

async function evidenceFiles(context: StepContext, deps: ReconcileDeps, result: RenderedResults): Promise<EvidenceFileInput[]> {
  const sheets = result.sheets
  const paths = runPaths(context.runDir)
  const entities = await readRunEntities(context.runDir)
  const run = {
    runId: context.runId,
    workflow: { name: 'reconcile', version: RECONCILE_VERSION },
    input: context.input,
    entities,
    period: result.period,
    source: result.source,
    productVersion: deps.productVersion,
  }
  const files: EvidenceFileInput[] = [
    { path: EVIDENCE_PATHS.run, source: { bytes: evidenceJson(run) } },
    { path: EVIDENCE_PATHS.steps, source: { bytes: evidenceJson((await context.stepLog?.()) ?? []) } },
    { path: EVIDENCE_PATHS.result, source: { file: paths.result } },
    { path: EVIDENCE_PATHS.workbook, source: { file: paths.workbook } },
    { path: 'results/CR_03-18412-categorized.csv', source: { file: paths.categorized } },
    { path: RESULT_LIST_FILES.classifiedItems, source: { file: paths.classifiedItems } },
    { path: RESULT_LIST_FILES.uncategorized, source: { file: paths.uncategorized } },
    ...sheets.map((sheet) => ({ path: EVIDENCE_PATHS.sheetCsv(sheet.name), source: { file: sheet.file } })),
    ...deps.config.refs.map((ref) => ({ path: EVIDENCE_PATHS.config(ref.name), source: { bytes: ref.bytes } })),
  ]
  for (const extract of result.extracts.map((record) => record.extract)) files.push(...(await extractFiles(paths, extract)))
  return files
}

async function extractFiles(paths: ReturnType<typeof runPaths>, extract: ExtractId): Promise<EvidenceFileInput[]> {
  const info = JSON.parse(await readFile(paths.extractInfo(extract), 'utf8')) as ExtractInfo
  const provenance = info.provenance
  const description = provenance?.queryText
    ? { path: EVIDENCE_PATHS.extractQuery(extract), source: { bytes: provenance.queryText } }
    : { path: EVIDENCE_PATHS.extractDescription(extract), source: { bytes: `${provenance?.description ?? 'unknown source'}\n` } }
  return [
    {
      path: EVIDENCE_PATHS.extractCsv(extract),
      // Hashed as it was written by the extract step: linked, it is not read again.
      source: {
        file: paths.extractCsv(extract),
        link: true,
        ...(info.sha256 ? { written: { size: info.bytes, sha256: info.sha256 } } : {}),
      },
    },
    description,
    { path: EVIDENCE_PATHS.extractParams(extract), source: { bytes: evidenceJson(provenance?.boundParameters ?? {}) } },
    { path: EVIDENCE_PATHS.quality(extract), source: { bytes: evidenceJson(info.quality) } },
  ]
}

const periodLocks = new Map<string, Promise<unknown>>()

/** One sealing at a time per period in this process, so every package links to the one before. */
async function withPeriodLock<T>(period: string, work: () => Promise<T>): Promise<T> {
  const previous = periodLocks.get(period) ?? Promise.resolve()
  const current = previous.catch(() => undefined).then(work)
  periodLocks.set(period, current)
  try {
    return await current
  } finally {
    if (periodLocks.get(period) === current) periodLocks.delete(period)
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
