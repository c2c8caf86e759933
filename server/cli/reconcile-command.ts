import { mkdir, readdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { RunEvent } from '../../shared/api/events.ts'
import type { RunResult } from '../../shared/result/types.ts'
import { EVIDENCE_PATHS, zipEvidence } from '../evidence/index.ts'
import { copyFilesAside, planTreeCopy } from '../evidence/copy-tree.ts'
import { byCodeUnits } from '../evidence/fs-util.ts'
import { DEFLATE_LEVEL } from '../evidence/zip.ts'
import { deflateAhead, type DeflatedFile, type ZipAhead } from '../evidence/zip-ahead.ts'
import { runPaths, readJson } from '../run/run-files.ts'
import { RECONCILE_STEP_NAMES } from '../run/reconcile.ts'
import { openReconcileRuntime, type ReconcileRuntime } from '../wiring/runtime.ts'
import type { RunInput } from '../engine/workflow.ts'
import { assertJdashOption, entitiesOption, parseCommand, periodOption, requireString, sourceOption } from './args.ts'
import { mssqlFromEnvironment } from './mssql-env.ts'
import { assertFilesFolder, assertKnownEntities, assertMssqlConfigured } from './run-checks.ts'
import { createProgressView, type ProgressEvent } from './progress.ts'

const HELP = `Usage: tieout reconcile --period YYYY-MM --out DIR [--source demo|files:DIR|mssql] [--entities EC_NG,JM_EG]
                        [--scale N] [--seed N] [--jdash DIR] [--data-dir DIR] [--config-dir DIR] [--json]

  --source demo       the built-in demo data (--scale, --seed)
  --source files:DIR  a folder of <ID>.csv|.tsv|.xlsx extracts (JDASH.csv or JDASH_<company>.csv)
  --source mssql      SQL Server, configured by the TIEOUT_MSSQL_* variables; --jdash DIR gives the Jdash export
  --json              print the outcome as one JSON object on stdout (progress stays on stderr)

Runs the C-PG-1 reconciliation: extracts → quality checks → computation → workbook and evidence.
Writes DIR/result.json, DIR/workbook.xlsx, DIR/evidence/ and DIR/evidence.zip, only when the run
succeeds. Entities default to every in-scope entity. The run is recorded in the data directory's
state store (default ./data, or TIEOUT_DATA_DIR; TIEOUT_DATABASE_URL for a shared one) like the server's runs, and chained to earlier runs of the period.`

export async function run(argv: string[]): Promise<number> {
  const { options } = parseCommand(argv, {
    period: { type: 'string' },
    out: { type: 'string' },
    source: { type: 'string' },
    jdash: { type: 'string' },
    entities: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' },
    'data-dir': { type: 'string' },
    'config-dir': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (options.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const input: RunInput = {
    period: periodOption(options),
    entities: entitiesOption(options),
    source: sourceOption(options),
    preparer: process.env.USER ?? 'cli',
  }
  assertJdashOption(options, input.source)
  assertFilesFolder(input)
  assertMssqlConfigured(input)
  const out = resolve(requireString(options, 'out'))
  const runtime = await openReconcileRuntime({
    dataDir: typeof options['data-dir'] === 'string' ? options['data-dir'] : (process.env.TIEOUT_DATA_DIR ?? 'data'),
    ...(typeof options['config-dir'] === 'string' ? { configDir: resolve(options['config-dir']) } : {}),
    ...(input.source.kind === 'mssql' ? { openMssql: mssqlFromEnvironment } : {}),
    databaseUrl: process.env.TIEOUT_DATABASE_URL || null,
    instanceId: process.env.TIEOUT_INSTANCE_ID || 'cli',
  })
  try {
    await assertKnownEntities(runtime, input)
    let runId: string
    // Once the evidence step starts, the canonical extracts are final: deflated for the zip meanwhile.
    let ahead: ZipAhead | null = null
    try {
      runId = await runWithProgress(runtime, input, (id) => {
        ahead ??= zipAheadOf(runtime.runDir(id))
      })
    } catch (error) {
      await (ahead as ZipAhead | null)?.discard()
      if (options.json === true && error instanceof RunFailedError) {
        process.stdout.write(
          `${JSON.stringify({ status: 'failed', runId: error.runId, error: { code: error.code, message: error.message } })}\n`,
        )
      }
      throw error
    }
    const result = await publish(runtime, runId, out, ahead).finally(() => (ahead as ZipAhead | null)?.discard())
    if (options.json === true) process.stdout.write(`${JSON.stringify(outcomeJson(result, out))}\n`)
    else printOutcome(result, out)
    return 0
  } finally {
    await runtime.close()
  }
}

async function runWithProgress(runtime: ReconcileRuntime, input: RunInput, onEvidenceStep: (runId: string) => void): Promise<string> {
  const runId = await runtime.engine.start('reconcile', input)
  process.stderr.write(
    `run ${runId}: period ${input.period}, ${input.entities.length > 0 ? input.entities.join(', ') : 'every in-scope entity'}\n`,
  )
  const view = createProgressView(process.stderr, RECONCILE_STEP_NAMES)
  let finished: RunEvent | undefined
  let lastSeq = 0
  const onEvent = (event: RunEvent) => {
    if (event.seq <= lastSeq) return
    lastSeq = event.seq
    const progress = toProgressEvent(event)
    if (progress) view.onEvent(progress)
    if (event.type === 'step-started' && event.step === 'evidence') onEvidenceStep(runId)
    if (event.type === 'run-finished') finished = event
  }
  const subscription = await runtime.engine.events(runId, onEvent)
  subscription.replay.forEach(onEvent)
  const interrupt = () => void runtime.engine.cancel(runId)
  process.once('SIGINT', interrupt)
  try {
    await runtime.engine.settled(runId)
  } finally {
    process.off('SIGINT', interrupt)
    subscription.unsubscribe()
    view.close()
  }
  if (finished?.type !== 'run-finished' || finished.status !== 'succeeded') {
    const status = finished?.type === 'run-finished' ? finished.status : 'did not finish'
    const error = finished?.type === 'run-finished' ? finished.error : null
    throw new RunFailedError(`run ${runId} ${status}${error ? `: ${error.message}` : ''}`, error?.code ?? 'TIEOUT_ERR_INTERNAL', runId)
  }
  return runId
}

/** A run that ended without success, with the code of the error that ended it. */
export class RunFailedError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly runId: string | null = null,
  ) {
    super(message)
    this.name = 'RunFailedError'
  }
}

/** The run's outputs are copied to `out` only after success: a failed run leaves no result files. */
async function publish(runtime: ReconcileRuntime, runId: string, out: string, ahead: ZipAhead | null): Promise<RunResult> {
  const runDir = runtime.runDir(runId)
  // The zip and the copies start first: the result (large at scale) is read meanwhile.
  const [read, written] = await Promise.allSettled([readJson<RunResult>(runPaths(runDir).result), writeRunOutputs(runDir, out, ahead)])
  if (written.status === 'rejected') throw written.reason
  if (read.status === 'rejected') throw read.reason
  return read.value
}

/**
 * The run's canonical extracts deflated for its zip on another thread (`deflateAhead`), in the
 * zip's order, into a folder of the run removed once the zip is written.
 */
export function zipAheadOf(runDir: string): ZipAhead {
  const folder = join(runDir, 'extracts')
  const files = readdir(folder).then((names) =>
    names
      .filter((name) => name.endsWith('.csv'))
      .map((name) => ({ path: EVIDENCE_PATHS.extractCsv(name.slice(0, -'.csv'.length)), file: join(folder, name) }))
      .sort((a, b) => byCodeUnits(a.path, b.path)),
  )
  return deflateAhead(files, join(runDir, 'zip-ahead'), DEFLATE_LEVEL)
}

/**
 * Writes a succeeded run's result.json, workbook.xlsx, evidence/ and evidence.zip into `out`;
 * `ahead`: the extracts deflated while the package was sealed, finished here.
 */
export async function writeRunOutputs(runDir: string, out: string, ahead: ZipAhead | null = null): Promise<void> {
  const paths = runPaths(runDir)
  await mkdir(out, { recursive: true })
  await rm(join(out, 'evidence'), { recursive: true, force: true })
  // Copies, never links: editing out/ must not touch the sealed package (the run's own copy of
  // it, the same bytes as published in the evidence store). Clones where the disk can.
  const copies: [string, string][] = [
    [paths.result, join(out, 'result.json')],
    [paths.workbook, join(out, 'workbook.xlsx')],
    ...(await planTreeCopy(paths.evidence, join(out, 'evidence'))),
  ]
  // The zip is written straight from the sealed package (deflated once, on libuv's threads) while
  // another thread copies: both read the same files, once from the disk.
  const deflated = ahead ? await ahead.finish() : new Map<string, DeflatedFile>()
  await Promise.all([zipEvidence(paths.evidence, join(out, 'evidence.zip'), deflated), copyFilesAside(copies)])
}

function toProgressEvent(event: RunEvent): ProgressEvent | null {
  switch (event.type) {
    case 'step-started':
      return { type: 'step-started', step: event.step, attempt: event.attempt }
    case 'step-progress':
      return {
        type: 'step-progress',
        step: event.step,
        done: event.done,
        total: event.total,
        ...(event.message ? { message: event.message } : {}),
      }
    case 'step-retried':
      return { type: 'step-retrying', step: event.step, attempt: event.attempt + 1, delayMs: event.delayMs, error: event.error.message }
    case 'step-finished':
      return { type: 'step-finished', step: event.step }
    case 'step-failed':
      return { type: 'step-failed', step: event.step, error: event.error.message }
    case 'run-finished':
      return { type: 'run-finished', status: event.status, ...(event.error ? { error: event.error.message } : {}) }
    default:
      return null
  }
}

function printOutcome(result: RunResult, out: string): void {
  const lines = result.conclusions.map((conclusion) => {
    const groups = result.tieOut.filter((row) => row.companyCode === conclusion.companyCode && row.status === 'INVESTIGATE').length
    const total =
      conclusion.totalUnexplainedUsd === null
        ? 'USD unknown (FX missing)'
        : `unexplained USD ${conclusion.totalUnexplainedUsd} (groups added as absolute values)`
    return `  ${conclusion.companyCode.padEnd(7)} ${conclusion.status.padEnd(11)} ${total}${groups ? `, ${groups} group(s) to investigate` : ''}`
  })
  const lineCount = result.bridges.reduce((total, bridge) => total + bridge.lines.length, 0)
  process.stdout.write(
    [
      `C-PG-1 ${result.period.period} (closing ${result.period.closingDate}), run ${result.runId}`,
      ...lines,
      `${lineCount} bridge lines, ${result.bridges.reduce((n, b) => n + b.lines.filter((l) => l.material).length, 0)} material`,
      `wrote ${join(out, 'result.json')}, ${join(out, 'workbook.xlsx')}, ${join(out, 'evidence')}/ and ${join(out, 'evidence.zip')}`,
    ].join('\n') + '\n',
  )
}

/** `--json`: the outcome as one object, for scripts: per entity its conclusion and the groups behind it. */
export function outcomeJson(result: RunResult, out: string) {
  return {
    status: 'succeeded',
    runId: result.runId,
    period: result.period.period,
    closingDate: result.period.closingDate,
    source: result.source,
    entities: result.conclusions.map((conclusion) => ({
      companyCode: conclusion.companyCode,
      status: conclusion.status,
      unexplainedUsdAbsoluteTotal: conclusion.totalUnexplainedUsd,
      materialityUsd: conclusion.threshold.valueUsd,
      groupsToInvestigate: result.tieOut
        .filter((row) => row.companyCode === conclusion.companyCode && (row.status === 'INVESTIGATE' || row.status === 'FX_MISSING'))
        .map((row) => ({
          group: row.group,
          title: row.groupTitle,
          status: row.status,
          unexplainedUsd: row.unexplainedUsd,
          thresholdUsd: row.threshold?.valueUsd ?? null,
        })),
    })),
    bridgeLines: result.bridges.reduce((total, bridge) => total + bridge.lines.length, 0),
    materialLines: result.bridges.reduce((n, b) => n + b.lines.filter((l) => l.material).length, 0),
    files: {
      result: join(out, 'result.json'),
      workbook: join(out, 'workbook.xlsx'),
      evidence: join(out, 'evidence'),
      evidenceZip: join(out, 'evidence.zip'),
    },
  }
}
