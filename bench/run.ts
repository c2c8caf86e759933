/**
 * `npm run bench`: measured, not asserted. For each demo scale (default 1, 5, 20; `--scales`,
 * `--quick` for 0.2): demo data generation (cached), extract ingestion, the canonical writer and
 * reader, the compute step alone, the whole CLI reconcile; then the xlsx export. Every phase runs
 * in its own process. Prints a Markdown table with the ARCHITECTURE.md targets beside the figures
 * and writes the same to .cache/bench/last.json. Temporary folders are removed; the demo cache is
 * kept. See `npm run bench -- --help`.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stopChildren } from './child.ts'
import { parseOptions, USAGE, type BenchOptions } from './options.ts'
import {
  canonicalPhase,
  computePhase,
  demoPhase,
  extractPhase,
  readPhase,
  reconcilePhase,
  uploadPhase,
  xlsxPhase,
  type BenchContext,
} from './phases.ts'
import { formatHotSpots, topSelfTime, type HotSpot } from './profile-top.ts'
import { renderTable, type BenchRow } from './table.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CACHE = join(ROOT, '.cache', 'bench')

let options: BenchOptions
try {
  const parsed = parseOptions(process.argv.slice(2))
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`)
    process.exit(0)
  }
  options = parsed
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}\n`)
  process.exit(2)
}

/** Temporary folders of this run, removed at the end or on interruption. */
const temporary = new Set<string>()
const cleanUp = () => {
  stopChildren()
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true })
  temporary.clear()
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`bench: ${signal}, stopping children and removing temporary folders\n`)
    cleanUp()
    process.exit(130)
  })
}

const startedAt = new Date()
const loadAtStart = loadavg()
const rows: BenchRow[] = []
const details: BenchRow[] = []
const profileDir = join(CACHE, 'profiles', startedAt.toISOString().replace(/[:.]/g, '-'))
const ctx: BenchContext = {
  options,
  root: ROOT,
  cacheDir: CACHE,
  profileDir,
  record: (row) => rows.push(row),
  detail: (row) => details.push(row),
  log: (text) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)} load ${loadavg()[0]?.toFixed(2)}] ${text}\n`),
}

try {
  await mkdir(CACHE, { recursive: true })
  if (options.files !== null) await benchFiles(null, options.files)
  else if (options.demoFiles !== null) {
    const demo = await demoPhase(ctx, options.demoFiles)
    if (demo) await benchFiles(options.demoFiles, demo.dir)
  } else {
    for (const scale of options.scales) await benchScale(scale)
    if (!options.skip.has('xlsx')) await xlsxPhase(ctx)
  }
} finally {
  cleanUp()
}

const profiles = options.profile.size > 0 ? await summarizeProfiles() : []
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', totalMemMiB: Math.round(totalmem() / 2 ** 20) },
  commit: commit(),
  loadAvg: { start: loadAtStart, end: loadavg() },
  options: { ...options, profile: [...options.profile], skip: [...options.skip] },
  rows,
  details,
  profiles,
}
await writeFile(join(CACHE, 'last.json'), `${JSON.stringify(report, null, 2)}\n`)
process.stdout.write(`${renderReport()}\n`)
process.exitCode = rows.some((row) => row.verdict === 'failed') ? 1 : 0

async function benchScale(scale: number): Promise<void> {
  const demo = await demoPhase(ctx, scale)
  if (!demo) return
  const tmp = await mkdtemp(join(tmpdir(), `tieout-bench-${scale}-`))
  temporary.add(tmp)
  try {
    const runDir = join(tmp, 'run')
    const wantsRunDir = (['extract', 'canonical', 'compute'] as const).some((phase) => !options.skip.has(phase))
    const extracted = wantsRunDir && (await extractPhase(ctx, scale, demo.dir, runDir))
    if (extracted && !options.skip.has('canonical')) await canonicalPhase(ctx, scale, demo.dir, runDir)
    if (extracted && !options.skip.has('compute')) await computePhase(ctx, scale, runDir)
    if (!options.skip.has('reconcile')) await reconcilePhase(ctx, scale, tmp, demo.rows)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
    temporary.delete(tmp)
  }
}

/** A folder of extract files: read, upload checks, ingestion, writer/reader, compute, whole files reconcile. */
async function benchFiles(scale: number | null, dir: string): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'tieout-bench-files-'))
  temporary.add(tmp)
  try {
    const read = options.skip.has('read') ? { cr03Rows: 0, rows: Number.NaN } : await readPhase(ctx, scale, dir)
    if (!options.skip.has('upload')) await uploadPhase(ctx, scale, dir)
    const runDir = join(tmp, 'run')
    const wantsRunDir = (['extract', 'canonical', 'compute'] as const).some((phase) => !options.skip.has(phase))
    const extracted = wantsRunDir && (await extractPhase(ctx, scale, dir, runDir))
    if (extracted && !options.skip.has('canonical')) await canonicalPhase(ctx, scale, dir, runDir)
    if (extracted && !options.skip.has('compute')) await computePhase(ctx, scale, runDir)
    rmSync(runDir, { recursive: true, force: true })
    if (!options.skip.has('reconcile')) await reconcilePhase(ctx, scale, tmp, read.rows, { kind: 'files', dir, cr03Rows: read.cr03Rows })
  } finally {
    rmSync(tmp, { recursive: true, force: true })
    temporary.delete(tmp)
  }
}

async function summarizeProfiles(): Promise<{ file: string; totalMs: number; spots: HotSpot[] }[]> {
  const files = (await readdir(profileDir).catch(() => [] as string[])).filter((name) => name.endsWith('.cpuprofile'))
  const summaries = []
  for (const name of files.sort()) summaries.push({ file: join(profileDir, name), ...(await topSelfTime(join(profileDir, name), 15)) })
  return summaries
}

function renderReport(): string {
  const load = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' / ')
  return [
    `## Tieout bench, ${report.startedAt} (commit ${report.commit})`,
    '',
    `Node ${report.machine.node}, ${report.machine.cpus} CPUs (${report.machine.cpuModel}), ${report.machine.totalMemMiB} MiB; ` +
      `load average (1/5/15 min) at start ${load(report.loadAvg.start)}, at end ${load(report.loadAvg.end)}. ` +
      'The machine is shared: figures taken under load are pessimistic.',
    '',
    renderTable(rows),
    '',
    '### Details',
    '',
    renderTable(details),
    ...profiles.flatMap((profile) => ['', `### Profile ${profile.file}`, '', '```', formatHotSpots(profile.totalMs, profile.spots), '```']),
    '',
    `JSON: ${join(CACHE, 'last.json')}`,
  ].join('\n')
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return 'unknown'
  }
}
