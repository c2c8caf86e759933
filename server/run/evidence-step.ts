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
import { digestBytes, digestFilesAside, READ_CHUNK_BYTES, sha256Hex, type Digest } from '../evidence/hash.ts'
import { parseManifest } from '../evidence/manifest.ts'
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
  // A package an earlier attempt sealed is kept as it is: its workbook is not rendered again.
  const sealedPeriod = await periodOfSealed(paths.evidence)
  const rendered = sealedPeriod === null ? await renderResults(paths, context.input.preparer) : null
  context.progress(1, 2, 'workbook written')
  const period = rendered?.period.period ?? (sealedPeriod as string)
  const key = packageKey(period, context.runId)
  // Runs of one period seal one at a time, across every instance when the engine shares its state.
  const { exclusive } = context
  const sealOnePeriodAtATime = (work: () => Promise<string>) =>
    exclusive ? exclusive(`tieout-seal:${period}`, work) : withPeriodLock(period, work)
  const manifestSha256 = await sealOnePeriodAtATime(async () => {
    if (await store.exists(`${key}/${MANIFEST_FILE}`)) return sha256Hex(await store.read(`${key}/${MANIFEST_FILE}`))
    if (rendered !== null && !(await exists(`${paths.evidence}/${MANIFEST_FILE}`))) {
      const files = await evidenceFiles(context, deps, rendered)
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

/** A file of the results as written, with the size and SHA-256 it was written with. */
type WrittenFile = { readonly file: string; readonly written: Digest }

/** What the package needs of the results once the workbook and its sheets are on disk. */
type RenderedResults = Pick<RunResult, 'period' | 'source' | 'extracts'> & {
  readonly sheets: readonly (WrittenFile & { readonly name: string })[]
  /** result.json, the workbook, the categorized entries and the two lists, by package path. */
  readonly files: readonly (WrittenFile & { readonly path: string })[]
}

/**
 * The workbook and one CSV per sheet, written one sheet at a time; the result and the workbook
 * model are dropped when this returns, before the package is written. The run's result files are
 * final (the compute step wrote them): they are hashed on another thread meanwhile. Every file is
 * written aside and renamed into place, never rewritten, so the package links them.
 */
async function renderResults(paths: ReturnType<typeof runPaths>, preparer: string): Promise<RenderedResults> {
  const results: [string, string][] = [
    [EVIDENCE_PATHS.result, paths.result],
    [CATEGORIZED_PATH, paths.categorized],
    [RESULT_LIST_FILES.classifiedItems, paths.classifiedItems],
    [RESULT_LIST_FILES.uncategorized, paths.uncategorized],
  ]
  const digests = digestFilesAside(results.map(([, file]) => file))
  digests.catch(() => undefined)
  const result = await readJson<RunResult>(paths.result)
  const readList = <L extends keyof typeof RESULT_LIST_FILES>(list: L, file: string) =>
    readResultList(createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }), list, file)
  const lists = {
    classifiedItems: await readList('classifiedItems', paths.classifiedItems),
    uncategorized: await readList('uncategorized', paths.uncategorized),
  }
  // The sealed copy shows the state at sealing: prepared, not yet reviewed or signed off.
  const model = buildWorkbook(withLists(result, lists), new Map(), undefined, sealedStatus(preparer, new Date().toISOString()))
  const workbook = await writeWorkbookXlsx(model, paths.workbook)
  const sheets: (WrittenFile & { name: string })[] = []
  for (const sheet of model.sheets) {
    const file = join(paths.resultDir, 'sheets', `${sheet.name}.csv`)
    const bytes = Buffer.from(sheetToCsv(sheet), 'utf8')
    await writeFileAtomic(file, bytes)
    sheets.push({ name: sheet.name, file, written: digestBytes(bytes) })
  }
  const hashed = await digests
  const files = [
    ...results.map(([path, file], index) => ({ path, file, written: hashed[index] as Digest })),
    { path: EVIDENCE_PATHS.workbook, file: paths.workbook, written: { size: workbook.size, sha256: workbook.sha256 } },
  ]
  return { period: result.period, source: result.source, extracts: result.extracts, sheets, files }
}

const CATEGORIZED_PATH = 'results/CR_03-18412-categorized.csv'

async function evidenceFiles(context: StepContext, deps: ReconcileDeps, result: RenderedResults): Promise<EvidenceFileInput[]> {
  const sheets = result.sheets
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
    // Linked, not copied: each was hashed as written and is never rewritten in place.
    ...result.files.map(({ path, file, written }) => ({ path, source: { file, link: true, written } })),
    ...sheets.map(({ name, file, written }) => ({ path: EVIDENCE_PATHS.sheetCsv(name), source: { file, link: true, written } })),
    ...deps.config.refs.map((ref) => ({ path: EVIDENCE_PATHS.config(ref.name), source: { bytes: ref.bytes } })),
  ]
  const paths = runPaths(context.runDir)
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

/** The period of the package sealed at `dir`, or null when none is. */
async function periodOfSealed(dir: string): Promise<string | null> {
  const bytes = await readFile(join(dir, MANIFEST_FILE)).catch((error: unknown) =>
    (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : Promise.reject(error),
  )
  if (bytes === null) return null
  const { manifest, problems } = parseManifest(bytes)
  if (!manifest) throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `${dir}/${MANIFEST_FILE}: ${problems.join('; ')}` })
  return manifest.period
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
