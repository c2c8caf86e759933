import { parseArgs } from 'node:util'

export const PHASES = ['demo', 'read', 'upload', 'extract', 'canonical', 'compute', 'reconcile', 'xlsx'] as const
export type Phase = (typeof PHASES)[number]

export type BenchOptions = {
  readonly period: string
  readonly scales: readonly number[]
  /** Phases to run under `--cpu-prof`. */
  readonly profile: ReadonlySet<Phase>
  /** Regenerate the cached demo data even when present. */
  readonly regenerate: boolean
  readonly timeoutMs: number
  /** Lines of the xlsx export phase. */
  readonly xlsxLines: number
  /** Phases to skip. */
  readonly skip: ReadonlySet<Phase>
  readonly verbose: boolean
  /** `--files DIR`: bench this folder of extract files instead of demo scales. */
  readonly files: string | null
  /** `--demo-files SCALE`: the demo at this scale written as files, then read back as an upload would be. */
  readonly demoFiles: number | null
}

export const USAGE = `Usage: npm run bench -- [--scales 1,5,20 | --quick | --files DIR | --demo-files SCALE] [--period 2025-09]
                      [--skip reconcile,xlsx] [--profile compute,reconcile] [--regenerate] [--timeout-min 30]
                      [--xlsx-lines 100000] [--verbose]

Measures, per demo scale: demo data generation (cached under .cache/bench/), extract ingestion
(read + quality + canonical CSV + SHA-256), the canonical writer and reader alone, the compute
step alone, and the whole CLI reconcile; then the xlsx export of a Bridges sheet. Each phase runs
in its own process (its peak RSS is its own). Prints a Markdown table with the targets and writes
it as JSON to .cache/bench/last.json.
--files DIR benches a folder of extract files (any real extract folder): the CSV reader alone, the
upload checks (POST /api/filesets), extract ingestion, the canonical writer and reader, the compute
step and the whole reconcile with --source files:DIR. --demo-files SCALE does the same on the demo
data of that scale written as files (cached like the demo phase); the demo-source reconcile is skipped. --profile writes .cpuprofile files to .cache/bench/profiles/
and prints their hot spots. Phases: ${PHASES.join(', ')}.`

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scales: { type: 'string' },
      quick: { type: 'boolean' },
      period: { type: 'string' },
      profile: { type: 'string' },
      skip: { type: 'string' },
      regenerate: { type: 'boolean' },
      'timeout-min': { type: 'string' },
      'xlsx-lines': { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      files: { type: 'string' },
      'demo-files': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) return 'help'
  const modes = [values.quick, values.scales, values.files, values['demo-files']].filter((value) => value !== undefined)
  if (modes.length > 1) throw new Error('--quick, --scales, --files and --demo-files exclude each other')
  const scales = values.quick ? [0.2] : list(values.scales ?? '1,5,20').map(positiveNumber('--scales'))
  const period = values.period ?? '2025-09'
  if (!/^\d{4}-\d{2}$/.test(period)) throw new Error(`--period must be YYYY-MM, got ${period}`)
  return {
    period,
    scales,
    profile: phases('--profile', values.profile),
    skip: phases('--skip', values.skip),
    regenerate: values.regenerate ?? false,
    timeoutMs: positiveNumber('--timeout-min')(values['timeout-min'] ?? '30') * 60_000,
    xlsxLines: Math.round(positiveNumber('--xlsx-lines')(values['xlsx-lines'] ?? '100000')),
    verbose: values.verbose ?? false,
    files: values.files ?? null,
    demoFiles: values['demo-files'] === undefined ? null : positiveNumber('--demo-files')(values['demo-files']),
  }
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

function positiveNumber(option: string): (text: string) => number {
  return (text) => {
    const value = Number(text)
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${option}: ${text} is not a positive number`)
    return value
  }
}

function phases(option: string, text: string | undefined): Set<Phase> {
  const names = list(text ?? '')
  for (const name of names)
    if (!(PHASES as readonly string[]).includes(name)) throw new Error(`${option}: unknown phase ${name} (${PHASES.join(', ')})`)
  return new Set(names as Phase[])
}
