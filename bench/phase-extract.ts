/**
 * Phase 2: extract read + quality checks + canonical CSV + SHA-256, over the files source, one
 * extract after the other (the engine runs them 4 at a time; alone, each figure is its own).
 * Leaves RUN_DIR as the extract steps would (canonical CSVs, `.info.json`, `entities.json`), so
 * the compute phase can run on it.
 *
 *   node --import tsx bench/phase-extract.ts PERIOD DEMO_DIR RUN_DIR
 */
import { readFile } from 'node:fs/promises'
import { EXTRACT_IDS } from '../shared/extracts/catalog.ts'
import type { ExtractId } from '../shared/extracts/schema.ts'
import { parsePeriod } from '../shared/period.ts'
import { loadConfigBundle } from '../server/run/config-bundle.ts'
import { resolveRunEntities } from '../server/run/entities-step.ts'
import { runExtractStep, type ExtractInfo } from '../server/run/extract-step.ts'
import { runPaths } from '../server/run/run-files.ts'
import type { RunInput, StepContext } from '../server/engine/workflow.ts'
import { createFilesSource } from '../server/sources/files.ts'
import type { ExtractParams } from '../server/sources/source.ts'
import { argument, emitReport, rssKiB, stopwatch, type ChildFigure } from './report.ts'

const usage = 'phase-extract.ts PERIOD DEMO_DIR RUN_DIR'
const periodText = argument(0, usage)
const demoDir = argument(1, usage)
const runDir = argument(2, usage)

const base = rssKiB()
const config = await loadConfigBundle()
const source = createFilesSource(demoDir)
const signal = new AbortController().signal
const input: RunInput = { period: periodText, entities: [], source: { kind: 'files', dir: demoDir }, preparer: 'bench' }
const context: StepContext = { runId: 'bench', runDir, input, attempt: 1, signal, progress: () => {} }
const paths = runPaths(runDir)
let params: ExtractParams = { period: parsePeriod(periodText), companies: [], glAccounts: config.glAccounts }

const figures: ChildFigure[] = []
const watch = stopwatch()
for (const extract of ['ENTITIES', ...EXTRACT_IDS.filter((id) => id !== 'ENTITIES')] as ExtractId[]) {
  const figure = await ingest(extract)
  if (figure) figures.push(figure)
  if (extract === 'ENTITIES') {
    const entities = await resolveRunEntities(context, config)
    params = { ...params, companies: entities.map((entity) => entity.companyCode) }
  }
}
const span = watch.elapsed()
const rows = figures.reduce((sum, figure) => sum + (figure.rows ?? 0), 0)
const bytes = figures.reduce((sum, figure) => sum + (figure.bytes ?? 0), 0)
emitReport([{ name: 'total', rows, ...span, bytes }, ...figures], base)

/** One extract through the run's own extract step (quality checks, canonical CSV, info file). */
async function ingest(extract: ExtractId): Promise<ChildFigure | null> {
  const extractWatch = stopwatch()
  const output = await runExtractStep(extract, context, { source, params })
  const span = extractWatch.elapsed()
  if (output.summary?.present === false) return null
  const info = JSON.parse(await readFile(paths.extractInfo(extract), 'utf8')) as ExtractInfo
  return { name: extract, rows: info.rows, ...span, bytes: info.bytes }
}
