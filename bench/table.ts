/**
 * The bench's figures as rows of a Markdown table, with the ARCHITECTURE.md targets beside them.
 */
export type Verdict = 'met' | 'MISSED' | 'n/a' | 'failed'

export type BenchRow = {
  /** Demo scale; null for scale-free phases (xlsx). */
  readonly scale: number | null
  readonly phase: string
  readonly rows: number | null
  /** Wall-clock seconds: what a user waits, and what the targets are stated in. */
  readonly seconds: number | null
  /** CPU seconds (user + system, all threads) over the same span: what the code costs, less sensitive to load. */
  readonly cpuSeconds: number | null
  readonly rowsPerSecond: number | null
  readonly rowsPerCpuSecond: number | null
  readonly peakRssMiB: number | null
  readonly megabytes: number | null
  readonly target: string
  /** How far the figure is from its target: ≥ 1 meets it (rate / goal, or goal / time). */
  readonly ratio: number | null
  readonly verdict: Verdict
  /** 1-minute load average when the phase started (the machine is shared). */
  readonly load1: number
  readonly note: string
}

export type Target = {
  /** Shown in the table. */
  readonly text: string
  /** Only judged at this scale (the targets are stated for demo scale 20). */
  readonly atScale?: number
  readonly check: (row: Pick<BenchRow, 'seconds' | 'rowsPerSecond' | 'peakRssMiB' | 'megabytes'>) => boolean
  /** ≥ 1 when met; the smaller of the ratios when the target has several parts. */
  readonly ratio?: (row: Pick<BenchRow, 'seconds' | 'rowsPerSecond' | 'peakRssMiB' | 'megabytes'>) => number | null
}

const rate = (value: number | null, goal: number) => (value === null ? null : value / goal)
const within = (value: number | null, goal: number) => (value === null || value === 0 ? null : goal / value)
const smallest = (...ratios: (number | null)[]) => (ratios.some((ratio) => ratio === null) ? null : Math.min(...(ratios as number[])))
const megabytesPerSecond = (row: Pick<BenchRow, 'seconds' | 'megabytes'>) =>
  row.seconds && row.megabytes !== null ? row.megabytes / row.seconds : null

/**
 * A whole files reconcile: 1,000,000 CR_03 rows (2M in all) in < 12 s and < 0.6 GB; the demo as
 * files at scale 20 (≈ 2M CR_03 rows) in < 25 s and < 1 GB, at scale 40 in < 60 s and < 1.5 GB.
 * Judged against the nearest of these by CR_03 rows; a folder well below 1M rows is not judged.
 */
export function filesReconcileTarget(cr03Rows: number): Target | undefined {
  if (cr03Rows < 500_000) return undefined
  const [seconds, mib, label] =
    cr03Rows <= 1_500_000 ? [12, 600, '1M CR_03 rows'] : cr03Rows <= 3_000_000 ? [25, 1024, 'demo scale 20'] : [60, 1536, 'demo scale 40']
  return {
    text: `< ${seconds} s, < ${mib} MiB (${label})`,
    check: (row) => row.seconds !== null && row.seconds < seconds && row.peakRssMiB !== null && row.peakRssMiB < mib,
    ratio: (row) => smallest(within(row.seconds, seconds), within(row.peakRssMiB, mib)),
  }
}

/** ARCHITECTURE.md, "Performance targets". */
export const TARGETS = {
  canonicalWriter: {
    text: '≥ 1,000,000 rows/s',
    check: (row) => (row.rowsPerSecond ?? 0) >= 1_000_000,
    ratio: (row) => rate(row.rowsPerSecond, 1_000_000),
  },
  csvRead: {
    text: '≥ 250,000 rows/s, ≥ 100 MB/s',
    check: (row) => (row.rowsPerSecond ?? 0) >= 250_000 && (megabytesPerSecond(row) ?? 0) >= 100,
    ratio: (row) => smallest(rate(row.rowsPerSecond, 250_000), rate(megabytesPerSecond(row), 100)),
  },
  upload: {
    text: '≥ 250,000 rows/s (1M-row CR_03 < 4 s)',
    check: (row) => (row.rowsPerSecond ?? 0) >= 250_000,
    ratio: (row) => rate(row.rowsPerSecond, 250_000),
  },
  compute: {
    text: '< 20 s, peak RSS < 1536 MiB',
    atScale: 20,
    check: (row) => row.seconds !== null && row.seconds < 20 && row.peakRssMiB !== null && row.peakRssMiB < 1536,
    ratio: (row) => smallest(within(row.seconds, 20), within(row.peakRssMiB, 1536)),
  },
  reconcile: {
    text: '< 60 s',
    atScale: 20,
    check: (row) => row.seconds !== null && row.seconds < 60,
    ratio: (row) => within(row.seconds, 60),
  },
  xlsx: {
    text: '< 10 s, streaming writer',
    check: (row) => row.seconds !== null && row.seconds < 10,
    ratio: (row) => within(row.seconds, 10),
  },
} satisfies Record<string, Target>

type Judged = Pick<BenchRow, 'seconds' | 'cpuSeconds' | 'rowsPerSecond' | 'rowsPerCpuSecond' | 'peakRssMiB' | 'megabytes'>

/**
 * Targets are judged on wall-clock time. When that misses but the same figures in CPU time would
 * meet it, the verdict says so: on a loaded machine the process did not get a whole core.
 */
export function judge(
  target: Target | undefined,
  scale: number | null,
  row: Judged,
): { target: string; ratio: number | null; verdict: Verdict; cpuNote: string } {
  if (!target) return { target: '—', ratio: null, verdict: 'n/a', cpuNote: '' }
  if (target.atScale !== undefined && scale !== target.atScale)
    return { target: `(scale ${target.atScale}: ${target.text})`, ratio: null, verdict: 'n/a', cpuNote: '' }
  const ratio = target.ratio?.(row) ?? null
  if (target.check(row)) return { target: target.text, ratio, verdict: 'met', cpuNote: '' }
  const onCpu = row.cpuSeconds !== null && target.check({ ...row, seconds: row.cpuSeconds, rowsPerSecond: row.rowsPerCpuSecond })
  return { target: target.text, ratio, verdict: 'MISSED', cpuNote: onCpu ? 'met in CPU time (machine load)' : 'missed in CPU time too' }
}

export function renderTable(rows: readonly BenchRow[]): string {
  const header = [
    'scale',
    'phase',
    'rows',
    'seconds',
    'CPU s',
    'rows/s',
    'rows/CPU s',
    'peak RSS MiB',
    'MB',
    'target',
    '× target',
    'verdict',
    'load 1m',
    'note',
  ]
  const lines = rows.map((row) => [
    row.scale === null ? '—' : String(row.scale),
    row.phase,
    integer(row.rows),
    fixed(row.seconds),
    fixed(row.cpuSeconds),
    integer(row.rowsPerSecond),
    integer(row.rowsPerCpuSecond),
    integer(row.peakRssMiB),
    row.megabytes === null ? '—' : row.megabytes.toFixed(1),
    row.target,
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
    row.verdict,
    row.load1.toFixed(2),
    row.note.replaceAll('|', '\\|'),
  ])
  const numeric = new Set([0, 2, 3, 4, 5, 6, 7, 8, 10, 12])
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, index) => (numeric.has(index) ? '---:' : '---')).join('|')}|`,
    ...lines.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n')
}

function fixed(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : value.toFixed(2)
}

export function integer(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : Math.round(value).toLocaleString('en-US')
}
