import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { failureOf, runChild, type ChildOutcome } from './child.ts'
import type { BenchOptions, Phase } from './options.ts'
import { parseReport, type ChildFigure, type ChildReport } from './report.ts'
import { filesReconcileTarget, judge, TARGETS, type BenchRow, type Target } from './table.ts'

/**
 * Each measured phase: runs its child process and turns the child's report into table rows.
 * Phase scripts live beside this file; they run with tsx's loader (`--import tsx`).
 */
export type BenchContext = {
  readonly options: BenchOptions
  /** The repository root (children run there). */
  readonly root: string
  readonly cacheDir: string
  readonly profileDir: string
  /** A row of the main table. */
  readonly record: (row: BenchRow) => void
  /** A row of the details table (per extract, per sub-step). */
  readonly detail: (row: BenchRow) => void
  readonly log: (text: string) => void
}

const TSX = ['--import', 'tsx']

type Measured = { readonly report: ChildReport; readonly outcome: ChildOutcome }

/** Runs a phase script; on failure records a `failed` row and returns null. */
async function measure(
  ctx: BenchContext,
  phase: Phase,
  label: string,
  scale: number | null,
  script: string,
  args: readonly string[],
): Promise<Measured | null> {
  ctx.log(`${label}…`)
  const outcome = await runChild({
    label,
    nodeArgs: TSX,
    script: join(ctx.root, 'bench', script),
    args,
    cwd: ctx.root,
    timeoutMs: ctx.options.timeoutMs,
    echoStderr: ctx.options.verbose,
    ...(ctx.options.profile.has(phase) ? { profileDir: ctx.profileDir } : {}),
  })
  const report = parseReport(outcome.stdout)
  const failure = failureOf(outcome) ?? (report ? null : 'printed no BENCH_RESULT line')
  if (failure || !report) {
    ctx.record(failedRow(scale, label, outcome, failure ?? 'no report'))
    ctx.log(`${label} FAILED: ${failure}`)
    return null
  }
  return { report, outcome }
}

function failedRow(scale: number | null, phase: string, outcome: ChildOutcome, note: string): BenchRow {
  return {
    scale,
    phase,
    rows: null,
    seconds: outcome.seconds,
    cpuSeconds: null,
    rowsPerSecond: null,
    rowsPerCpuSecond: null,
    peakRssMiB: null,
    megabytes: null,
    target: '—',
    ratio: null,
    verdict: 'failed',
    load1: outcome.loadBefore[0] ?? 0,
    note,
  }
}

function row(
  scale: number | null,
  phase: string,
  figure: Pick<ChildFigure, 'rows' | 'seconds' | 'cpuSeconds' | 'bytes'>,
  extra: { peakRssKiB?: number | undefined; load1: number; target?: Target; note?: string },
): BenchRow {
  const { seconds, rows } = figure
  const cpuSeconds = figure.cpuSeconds ?? null
  const rowsPerSecond = rows !== null && seconds ? rows / seconds : null
  const rowsPerCpuSecond = rows !== null && cpuSeconds ? rows / cpuSeconds : null
  const peakRssMiB = extra.peakRssKiB === undefined ? null : extra.peakRssKiB / 1024
  const megabytes = figure.bytes === undefined ? null : figure.bytes / 1e6
  const { cpuNote, ...judged } = judge(extra.target, scale, { seconds, cpuSeconds, rowsPerSecond, rowsPerCpuSecond, peakRssMiB, megabytes })
  return {
    scale,
    phase,
    rows,
    seconds,
    cpuSeconds,
    rowsPerSecond,
    rowsPerCpuSecond,
    peakRssMiB,
    megabytes,
    ...judged,
    load1: extra.load1,
    note: [cpuNote, extra.note ?? ''].filter(Boolean).join('; '),
  }
}

const withTarget = (target: Target | undefined) => (target === undefined ? {} : { target })
const round = (value: number) => Math.round(value * 100) / 100
const linearAt20 = (scale: number | null, seconds: number | null) =>
  scale !== null && scale >= 1 && scale !== 20 && seconds !== null ? `≈ ${(seconds * (20 / scale)).toFixed(0)} s if linear to scale 20` : ''

/** 1. Demo data to files, cached: generated only when the folder is absent (or --regenerate). */
export async function demoPhase(ctx: BenchContext, scale: number): Promise<{ dir: string; rows: number } | null> {
  const name = `demo-${ctx.options.period}-${scale}`
  const dir = join(ctx.cacheDir, name)
  const meta = join(ctx.cacheDir, `${name}.json`)
  if (ctx.options.regenerate) await rm(dir, { recursive: true, force: true })
  if (existsSync(dir)) {
    const cached = existsSync(meta) ? (JSON.parse(await readFile(meta, 'utf8')) as { report: ChildReport; measuredAt: string }) : null
    if (cached) {
      const total = cached.report.figures[0] as ChildFigure
      ctx.record(
        row(scale, 'demo data generation', total, {
          peakRssKiB: cached.report.peakRssKiB,
          load1: cached.report.loadAvg[0] ?? 0,
          note: `cached; measured ${cached.measuredAt}`,
        }),
      )
      return { dir, rows: total.rows ?? 0 }
    }
    ctx.log(`${dir} exists without ${meta}: using it untimed`)
    return { dir, rows: Number.NaN }
  }
  const partial = `${dir}.partial-${process.pid}`
  await mkdir(ctx.cacheDir, { recursive: true })
  try {
    const measured = await measure(ctx, 'demo', `scale ${scale}: demo data generation`, scale, 'phase-demo.ts', [
      ctx.options.period,
      String(scale),
      partial,
    ])
    if (!measured) return null
    await rename(partial, dir)
    await writeFile(meta, `${JSON.stringify({ measuredAt: new Date().toISOString(), report: measured.report }, null, 2)}\n`)
    const total = measured.report.figures[0] as ChildFigure
    ctx.record(
      row(scale, 'demo data generation', total, {
        peakRssKiB: measured.report.peakRssKiB,
        load1: measured.outcome.loadBefore[0] ?? 0,
        note: 'generated now',
      }),
    )
    return { dir, rows: total.rows ?? 0 }
  } finally {
    await rm(partial, { recursive: true, force: true })
  }
}

/** 2. Extract ingestion over the files source, per extract and in total. Leaves `runDir` ready for compute. */
export async function extractPhase(ctx: BenchContext, scale: number | null, demoDir: string, runDir: string): Promise<boolean> {
  const measured = await measure(
    ctx,
    'extract',
    `${scale === null ? 'files' : `scale ${scale}`}: extract ingest`,
    scale,
    'phase-extract.ts',
    [ctx.options.period, demoDir, runDir],
  )
  if (!measured) return false
  const [total, ...extracts] = measured.report.figures as [ChildFigure, ...ChildFigure[]]
  const load1 = measured.outcome.loadBefore[0] ?? 0
  ctx.record(
    row(
      scale,
      'extract read + quality + canonical CSV + SHA-256 (files source, one extract at a time, large files split over the workers)',
      total,
      {
        peakRssKiB: measured.report.peakRssKiB,
        load1,
      },
    ),
  )
  for (const figure of extracts) ctx.detail(row(scale, `extract ingest ${figure.name}`, figure, { load1 }))
  return true
}

/** 2b. The canonical writer and reader alone. */
export async function canonicalPhase(ctx: BenchContext, scale: number | null, demoDir: string, runDir: string): Promise<void> {
  const measured = await measure(
    ctx,
    'canonical',
    `${scale === null ? 'files' : `scale ${scale}`}: canonical writer and reader`,
    scale,
    'phase-canonical.ts',
    [ctx.options.period, demoDir, runDir],
  )
  if (!measured) return
  const load1 = measured.outcome.loadBefore[0] ?? 0
  const peakRssKiB = measured.report.peakRssKiB
  for (const figure of measured.report.figures) {
    if (figure.name.startsWith('range ')) {
      ctx.record(row(scale, figure.name, figure, { load1, note: figure.note ?? '' }))
      continue
    }
    const writer = figure.name.startsWith('writer')
    const what = figure.name.replace(/^(writer|reader) /, '')
    const phase = writer
      ? `canonical writer, ${what}${what.includes('(') ? '' : ' (format + SHA-256 + disk)'}`
      : `canonical reader, ${what} (typed rows)`
    ctx.record(
      row(scale, phase, figure, { load1, ...(writer ? { target: TARGETS.canonicalWriter, peakRssKiB } : {}), note: figure.note ?? '' }),
    )
  }
}

/** 3. The compute step alone, in its own process: seconds and peak RSS. */
export async function computePhase(ctx: BenchContext, scale: number | null, runDir: string): Promise<void> {
  const measured = await measure(
    ctx,
    'compute',
    `${scale === null ? 'files' : `scale ${scale}`}: compute step`,
    scale,
    'phase-compute.ts',
    [ctx.options.period, runDir],
  )
  if (!measured) return
  const [total, ...steps] = measured.report.figures as [ChildFigure, ...ChildFigure[]]
  const load1 = measured.outcome.loadBefore[0] ?? 0
  const note = [total.note, `RSS before ${(measured.report.baseRssKiB / 1024).toFixed(0)} MiB`, linearAt20(scale, total.seconds)]
    .filter(Boolean)
    .join('; ')
  ctx.record(
    row(scale, 'compute step (files on disk)', total, { peakRssKiB: measured.report.peakRssKiB, load1, target: TARGETS.compute, note }),
  )
  for (const step of steps) ctx.detail(row(scale, `compute:${step.name}`, step, { load1 }))
}

/** Files: the CSV/TSV reader alone over every delimited file of the folder. Returns CR_03's rows (0 when absent). */
export async function readPhase(ctx: BenchContext, scale: number | null, dir: string): Promise<{ cr03Rows: number; rows: number }> {
  const label = `${scale === null ? 'files' : `scale ${scale}`}: CSV read`
  const measured = await measure(ctx, 'read', label, scale, 'phase-read.ts', [dir])
  if (!measured) return { cr03Rows: 0, rows: Number.NaN }
  const [total, ...files] = measured.report.figures as [ChildFigure, ...ChildFigure[]]
  const load1 = measured.outcome.loadBefore[0] ?? 0
  const peakRssKiB = measured.report.peakRssKiB
  const cr03 = files.find((figure) => /^CR_03\./i.test(figure.name))
  if (cr03)
    ctx.record(
      row(scale, `CSV read ${cr03.name} (schema columns decoded)`, cr03, {
        peakRssKiB,
        load1,
        target: TARGETS.csvRead,
        note: cr03.note ?? '',
      }),
    )
  ctx.record(row(scale, 'CSV read, every delimited file', total, { peakRssKiB, load1 }))
  for (const figure of files) ctx.detail(row(scale, `CSV read ${figure.name}`, figure, { load1, note: figure.note ?? '' }))
  return { cr03Rows: cr03?.rows ?? 0, rows: total.rows ?? Number.NaN }
}

/** Files: the checks of `POST /api/filesets` on every file of the folder, as if just uploaded. */
export async function uploadPhase(ctx: BenchContext, scale: number | null, dir: string): Promise<void> {
  const label = `${scale === null ? 'files' : `scale ${scale}`}: upload validation`
  const measured = await measure(ctx, 'upload', label, scale, 'phase-upload.ts', [dir])
  if (!measured) return
  const [total, ...files] = measured.report.figures as [ChildFigure, ...ChildFigure[]]
  const load1 = measured.outcome.loadBefore[0] ?? 0
  const peakRssKiB = measured.report.peakRssKiB
  const cr03 = files.find((figure) => /^CR_03\./i.test(figure.name))
  if (cr03)
    ctx.record(row(scale, `upload validation ${cr03.name}`, cr03, { peakRssKiB, load1, target: TARGETS.upload, note: cr03.note ?? '' }))
  ctx.record(row(scale, 'upload validation, every file (POST /api/filesets checks)', total, { peakRssKiB, load1, note: total.note ?? '' }))
  for (const figure of files) ctx.detail(row(scale, `upload validation ${figure.name}`, figure, { load1, note: figure.note ?? '' }))
}

const STEP_DONE = /^\d\d:\d\d:\d\d (\S+) done in ([\d.]+) s/

/** Where a whole reconcile reads: the demo generator at the scale, or a folder of extract files. */
export type ReconcileSource = { readonly kind: 'demo' } | { readonly kind: 'files'; readonly dir: string; readonly cr03Rows: number }

/** 4. The whole CLI reconcile, as a user runs it: from the demo source, or `--source files:DIR`. */
export async function reconcilePhase(
  ctx: BenchContext,
  scale: number | null,
  tmp: string,
  rows: number,
  source: ReconcileSource = { kind: 'demo' },
): Promise<void> {
  const label = `${scale === null ? 'files' : `scale ${scale}`}: whole reconcile (CLI, ${source.kind} source)`
  const title =
    source.kind === 'demo'
      ? 'whole reconcile, demo source → JSON + xlsx + evidence (CLI)'
      : 'whole reconcile, files source → JSON + xlsx + evidence (CLI)'
  const sourceArgs = source.kind === 'demo' ? ['--source', 'demo', '--scale', String(scale ?? 1)] : ['--source', `files:${source.dir}`]
  const rssFile = join(tmp, 'reconcile-rss.json')
  ctx.log(`${label}…`)
  const spawnedAt = Date.now()
  const outcome = await runChild({
    label,
    nodeArgs: ['--import', pathToFileURL(join(ctx.root, 'bench', 'rss-at-exit.mjs')).href],
    script: join(ctx.root, 'bin', 'tieout.js'),
    args: ['reconcile', ...sourceArgs, '--period', ctx.options.period, '--out', join(tmp, 'out'), '--data-dir', join(tmp, 'data')],
    cwd: ctx.root,
    timeoutMs: ctx.options.timeoutMs,
    env: { BENCH_RSS_FILE: rssFile },
    echoStderr: ctx.options.verbose,
    ...(ctx.options.profile.has('reconcile') ? { profileDir: ctx.profileDir } : {}),
  })
  const failure = failureOf(outcome)
  if (failure) {
    ctx.record(failedRow(scale, title, outcome, failure))
    ctx.log(`${label} FAILED: ${failure}`)
    return
  }
  const usage = existsSync(rssFile)
    ? (JSON.parse(await readFile(rssFile, 'utf8')) as { peakRssKiB: number; cpuSeconds: number })
    : undefined
  const steps = outcome.stderr
    .split('\n')
    .map((line) => STEP_DONE.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ step: match[1] as string, seconds: Number(match[2]) }))
  const stepSeconds = (name: string) => steps.find((step) => step.step === name)?.seconds
  const note = [
    `compute ${stepSeconds('compute') ?? '?'} s, evidence ${stepSeconds('evidence') ?? '?'} s (engine)`,
    source.kind === 'demo' && scale !== null ? linearAt20(scale, outcome.seconds) : '',
  ]
    .filter(Boolean)
    .join('; ')
  const load1 = outcome.loadBefore[0] ?? 0
  ctx.record(
    row(
      scale,
      title,
      { rows: Number.isNaN(rows) ? null : rows, seconds: round(outcome.seconds), cpuSeconds: usage?.cpuSeconds ?? null },
      {
        load1,
        ...(source.kind === 'demo' ? { target: TARGETS.reconcile } : withTarget(filesReconcileTarget(source.cr03Rows))),
        note,
        peakRssKiB: usage?.peakRssKiB,
      },
    ),
  )
  for (const [name, seconds, note] of reconcileSpans(outcome, spawnedAt))
    ctx.detail(row(scale, `reconcile: ${name}`, { rows: null, seconds }, { load1, note }))
  steps.forEach((step, index) =>
    ctx.detail(
      row(
        scale,
        `reconcile step ${step.step}`,
        { rows: null, seconds: step.seconds },
        { load1, note: index === 0 ? 'engine step timings (0.1 s resolution); extracts run 4 at a time' : '' },
      ),
    ),
  )
}

const PROGRESS_LINE = /^(\d\d):(\d\d):(\d\d) (\S+) (started|done|succeeded)/

/**
 * Where the CLI's wall time went, from its progress lines (UTC times to the second): start-up
 * before the first step, the extract steps together, and the publishing after the run finished.
 */
function reconcileSpans(outcome: ChildOutcome, spawnedAt: number): [string, number, string][] {
  const day = new Date(spawnedAt)
  day.setUTCHours(0, 0, 0, 0)
  const events = outcome.stderr.split('\n').flatMap((line) => {
    const match = PROGRESS_LINE.exec(line)
    if (!match) return []
    const [, hours, minutes, seconds, step, what] = match as unknown as [string, string, string, string, string, string]
    let at = day.getTime() + ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000
    if (at < spawnedAt - 1000) at += 86_400_000
    return [{ step, what, at }]
  })
  const extracts = events.filter((event) => event.step.startsWith('extract:'))
  const first = events[0]
  const finished = events.find((event) => event.step === 'run' && event.what === 'succeeded')
  if (!first || !finished || extracts.length === 0) return []
  const exitedAt = spawnedAt + outcome.seconds * 1000
  const extractStart = Math.min(...extracts.map((event) => event.at))
  const extractEnd = Math.max(...extracts.map((event) => event.at))
  const note = 'from progress lines, ±1 s'
  return [
    ['start-up until the first step', (first.at - spawnedAt) / 1000, `${note}; Node + tsx + modules + state store`],
    ['extract steps together (wall)', (extractEnd - extractStart) / 1000, note],
    ['after the run finished (copy to --out, exit)', (exitedAt - finished.at) / 1000, note],
  ]
}

const XLSX_LINE = /model ([\d.]+) s, write ([\d.]+) s, total ([\d.]+) s, ([\d.]+) MB;.*peak RSS (\d+) MB/

/** 5. `bench/xlsx.ts`: the xlsx export of a Bridges sheet with N lines. */
export async function xlsxPhase(ctx: BenchContext): Promise<void> {
  const label = `xlsx export of ${ctx.options.xlsxLines.toLocaleString('en-US')} Bridges lines`
  ctx.log(`${label}…`)
  const outcome = await runChild({
    label: 'xlsx',
    nodeArgs: TSX,
    script: join(ctx.root, 'bench', 'xlsx.ts'),
    args: [String(ctx.options.xlsxLines)],
    cwd: ctx.root,
    timeoutMs: ctx.options.timeoutMs,
    echoStderr: ctx.options.verbose,
    ...(ctx.options.profile.has('xlsx') ? { profileDir: ctx.profileDir } : {}),
  })
  const match = XLSX_LINE.exec(outcome.stdout)
  const failure = failureOf(outcome) ?? (match ? null : `unexpected output: ${outcome.stdout.trim().slice(0, 200)}`)
  if (failure || !match) {
    ctx.record(failedRow(null, label, outcome, failure ?? ''))
    return
  }
  const [, model, write, total, megabytes, peakMb] = match.map(Number) as [number, number, number, number, number, number]
  ctx.record(
    row(
      null,
      label,
      { rows: ctx.options.xlsxLines, seconds: total, bytes: megabytes * 1e6 },
      {
        // bench/xlsx.ts prints maxRSS / 1024 as "MB": that is MiB.
        peakRssKiB: peakMb * 1024,
        load1: outcome.loadBefore[0] ?? 0,
        target: TARGETS.xlsx,
        note: `sheet model ${model} s, write ${write} s (bench/xlsx.ts)`,
      },
    ),
  )
}
