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
  readonly check: (row: Pick<BenchRow, 'seconds' | 'rowsPerSecond' | 'peakRssMiB'>) => boolean
}

/** ARCHITECTURE.md, "Performance targets". */
export const TARGETS = {
  canonicalWriter: { text: '≥ 1,000,000 rows/s', check: (row) => (row.rowsPerSecond ?? 0) >= 1_000_000 },
  compute: {
    text: '< 20 s, peak RSS < 1536 MiB',
    atScale: 20,
    check: (row) => row.seconds !== null && row.seconds < 20 && row.peakRssMiB !== null && row.peakRssMiB < 1536,
  },
  reconcile: { text: '< 60 s', atScale: 20, check: (row) => row.seconds !== null && row.seconds < 60 },
  xlsx: { text: '< 10 s, streaming writer', check: (row) => row.seconds !== null && row.seconds < 10 },
} satisfies Record<string, Target>

type Judged = Pick<BenchRow, 'seconds' | 'cpuSeconds' | 'rowsPerSecond' | 'rowsPerCpuSecond' | 'peakRssMiB'>

/**
 * Targets are judged on wall-clock time. When that misses but the same figures in CPU time would
 * meet it, the verdict says so: on a loaded machine the process did not get a whole core.
 */
export function judge(
  target: Target | undefined,
  scale: number | null,
  row: Judged,
): { target: string; verdict: Verdict; cpuNote: string } {
  if (!target) return { target: '—', verdict: 'n/a', cpuNote: '' }
  if (target.atScale !== undefined && scale !== target.atScale)
    return { target: `(scale ${target.atScale}: ${target.text})`, verdict: 'n/a', cpuNote: '' }
  if (target.check(row)) return { target: target.text, verdict: 'met', cpuNote: '' }
  const onCpu = row.cpuSeconds !== null && target.check({ ...row, seconds: row.cpuSeconds, rowsPerSecond: row.rowsPerCpuSecond })
  return { target: target.text, verdict: 'MISSED', cpuNote: onCpu ? 'met in CPU time (machine load)' : 'missed in CPU time too' }
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
    row.verdict,
    row.load1.toFixed(2),
    row.note.replaceAll('|', '\\|'),
  ])
  const numeric = new Set([0, 2, 3, 4, 5, 6, 7, 8, 11])
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
