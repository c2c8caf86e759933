import { rm } from 'node:fs/promises'
import { EXTRACTS } from '../../shared/extracts/catalog.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import { dataQualityError, TieoutError } from '../../shared/errors.ts'
import { parsePeriod } from '../../shared/period.ts'
import { ingestExtract } from '../extracts/ingest.ts'
import type { ExtractParams, Source } from '../sources/source.ts'
import { extractSplit } from './extract-split.ts'
import { extractWorkerPool } from './worker-pool.ts'
import { runPaths, writeJsonAtomic } from './run-files.ts'
import type { StepContext, StepOutput } from '../engine/workflow.ts'
import type { QualityReport } from '../../shared/result/types.ts'
import type { ExtractContext, ExtractInfo } from './extract-info.ts'

export type { ExtractContext, ExtractInfo } from './extract-info.ts'

/** Extracts without which no conclusion can be drawn; every other one may be absent from a source. */
const REQUIRED: ReadonlySet<ExtractId> = new Set(['ENTITIES', 'CR_04', 'CR_05'])

/**
 * One extract step: read, check, write the canonical CSV and its SHA-256 in one pass. It runs in
 * an extract worker when the source can be reopened there (demo, files), so extracts really run
 * in parallel; the entity master, which every other step waits for, and SQL Server extracts,
 * which wait on the network rather than the CPU, run in this thread.
 */
export async function runExtractStep(
  extract: ExtractId,
  context: StepContext,
  deps: { source: Source; params: ExtractParams },
): Promise<StepOutput> {
  const pool = extractWorkerPool()
  const spec = deps.source.workerSpec?.(extract) ?? null
  if (pool === null || spec === null || extract === 'ENTITIES') {
    if (spec !== null) pool?.warm()
    return extractInThisThread(extract, context, deps)
  }
  if (pool.size > 1 && deps.source.splitPlan) {
    const plan = await deps.source.splitPlan(extract, splitParts(pool.size), context.signal)
    const output = plan === null ? null : await extractSplit(extract, plan, context, pool)
    if (output !== null) return output
  }
  const task = { kind: 'extract' as const, extract, runId: context.runId, runDir: context.runDir, spec, params: deps.params }
  return pool.run(task, { signal: context.signal, progress: context.progress })
}

/**
 * Byte ranges a large extract file is cut into: more than the workers, so that its parts and the
 * other extracts share them evenly (`TIEOUT_EXTRACT_SPLIT`, default 3 per worker; 1 reads every
 * file in one piece).
 */
function splitParts(workers: number): number {
  const text = process.env.TIEOUT_EXTRACT_SPLIT?.trim() ?? ''
  const perWorker = text === '' ? 3 : Number(text)
  if (!Number.isInteger(perWorker) || perWorker < 1 || perWorker > 64) {
    throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', {
      file: 'environment',
      detail: `TIEOUT_EXTRACT_SPLIT must be an integer from 1 to 64, got "${text}"`,
    })
  }
  return perWorker === 1 ? 1 : workers * perWorker
}

/** The extract step in the calling thread (an extract worker calls this too). */
export async function extractInThisThread(
  extract: ExtractId,
  context: ExtractContext,
  deps: { source: Source; params: ExtractParams },
): Promise<StepOutput> {
  const paths = runPaths(context.runDir)
  if (!(await deps.source.has(extract))) return recordAbsent(extract, context, deps.source)
  const stream = await deps.source.read({ extract, params: deps.params, signal: context.signal })
  let rows = 0
  const onCount = (count: number, step: number) => {
    rows = count
    if (count % 0x10000 < step) context.progress(count, null)
  }
  const counted = stream.batches
    ? { records: stream.records, batches: countBatches(stream.batches, onCount) }
    : { records: countRecords(stream.records, (count) => onCount(count, 1)) }
  const outcome = await ingestExtract({
    def: EXTRACTS[extract],
    stream: { ...stream, ...counted },
    outPath: paths.extractCsv(extract),
    signal: context.signal,
  })
  const info: ExtractInfo = {
    extract,
    present: true,
    sourceHeader: stream.header.map((name) =>
      String(name)
        .replace(/^\uFEFF/, '')
        .trim(),
    ),
    rows: outcome.rows,
    bytes: outcome.bytes,
    sha256: outcome.sha256,
    quality: outcome.quality,
    provenance: stream.provenance,
  }
  await writeJsonAtomic(paths.extractInfo(extract), info)
  context.progress(rows, rows)
  if (!outcome.passed) throw dataQualityError(qualityMessage(outcome.quality))
  return { file: paths.extractCsv(extract), sha256: outcome.sha256, summary: { rows: outcome.rows } }
}

async function recordAbsent(extract: ExtractId, context: ExtractContext, source: Source): Promise<StepOutput> {
  if (REQUIRED.has(extract)) {
    throw new TieoutError('TIEOUT_ERR_MISSING_EXTRACT', { extract, detail: `not found in ${source.describe()}` })
  }
  const paths = runPaths(context.runDir)
  await rm(paths.extractCsv(extract), { force: true })
  const info: ExtractInfo = { extract, present: false, sourceHeader: [], rows: 0, bytes: 0, sha256: null, quality: null, provenance: null }
  await writeJsonAtomic(paths.extractInfo(extract), info)
  return { summary: { present: false } }
}

async function* countRecords(
  records: AsyncIterable<readonly unknown[]>,
  onCount: (count: number) => void,
): AsyncIterable<readonly unknown[]> {
  let count = 0
  for await (const record of records) {
    onCount(++count)
    yield record
  }
}

async function* countBatches(
  batches: AsyncIterable<readonly (readonly unknown[])[]>,
  onCount: (count: number, step: number) => void,
): AsyncIterable<readonly (readonly unknown[])[]> {
  let count = 0
  for await (const batch of batches) {
    count += batch.length
    onCount(count, batch.length)
    yield batch
  }
}

/** The first errors of a failed quality report as one sentence naming extract, file, rows and columns. */
export function qualityMessage(report: QualityReport): string {
  const errors = report.issues.filter((issue) => issue.severity === 'error')
  const shown = errors.slice(0, 3).map((issue) => issue.message)
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more problems)` : ''
  return `${report.extract} (${report.file}) failed quality checks: ${shown.join('; ')}${more}`
}

/** Companies and accounts in one canonical order, so the same run asks every source the same question. */
export function extractParams(input: { period: string }, companies: readonly string[], glAccounts: readonly string[]): ExtractParams {
  const sorted = (values: readonly string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return { period: parsePeriod(input.period), companies: sorted(companies), glAccounts: sorted(glAccounts) }
}
