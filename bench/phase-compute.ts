/**
 * Phase 3: the compute step alone (`runComputeStep`: read the canonical extracts and run
 * methodology §4–§8; then write result.json and the list CSVs, and hash it), on a run folder the
 * extract phase left on disk. Sub-step times come from the step's own progress messages.
 *
 *   node --import tsx bench/phase-compute.ts PERIOD RUN_DIR
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EXTRACT_IDS } from '../shared/extracts/catalog.ts'
import { runComputeStep } from '../server/run/compute-step.ts'
import { loadConfigBundle } from '../server/run/config-bundle.ts'
import type { ExtractInfo } from '../server/run/extract-step.ts'
import type { ReconcileDeps } from '../server/run/reconcile-deps.ts'
import { runPaths } from '../server/run/run-files.ts'
import type { StepContext } from '../server/engine/workflow.ts'
import { PRODUCT_VERSION } from '../server/version.ts'
import { argument, emitReport, rssKiB, stopwatch, type ChildFigure, type Span } from './report.ts'

const usage = 'phase-compute.ts PERIOD RUN_DIR'
const period = argument(0, usage)
const runDir = argument(1, usage)

const config = await loadConfigBundle()
const deps: ReconcileDeps = {
  config,
  productVersion: PRODUCT_VERSION,
  evidenceChainRoot: join(runDir, 'evidence-chain'),
  openSource: () => Promise.reject(new Error('the compute step opens no source')),
}
let inputRows = 0
let inputBytes = 0
for (const id of EXTRACT_IDS) {
  const info = JSON.parse(await readFile(runPaths(runDir).extractInfo(id), 'utf8')) as ExtractInfo
  inputRows += info.rows
  inputBytes += info.bytes
}

/** The step's progress messages, with the time since the start when each came. */
const marks: [string, Span][] = []
const base = rssKiB()
const watch = stopwatch()
const context: StepContext = {
  runId: 'bench',
  runDir,
  input: { period, entities: [], source: { kind: 'files', dir: runDir }, preparer: 'bench' },
  attempt: 1,
  signal: new AbortController().signal,
  progress: (_done, _total, message) => marks.push([message ?? 'progress', watch.elapsed()]),
}
const output = await runComputeStep(context, deps)
const total = watch.elapsed()
const summary = output.summary as { entities: number; bridgeLines: number }

const figures: ChildFigure[] = [
  {
    name: 'compute step',
    rows: inputRows,
    ...total,
    bytes: inputBytes,
    note: `${summary.entities} entities, ${summary.bridgeLines} bridge lines`,
  },
]
const bounds: [string, Span][] = [
  ['reading ENTITIES, CR_05, IPE_08, IPE_08_USAGE', { seconds: 0, cpuSeconds: 0 }],
  ...marks,
  ['end', total],
]
for (let index = 0; index + 1 < bounds.length; index++) {
  const [label, from] = bounds[index] as [string, Span]
  const to = (bounds[index + 1] as [string, Span])[1]
  figures.push({ name: label, rows: null, seconds: to.seconds - from.seconds, cpuSeconds: to.cpuSeconds - from.cpuSeconds })
}
emitReport(figures, base)
