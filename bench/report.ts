import { loadavg } from 'node:os'

/**
 * The protocol between a measured child process and `bench/run.ts`: the child prints one line
 * `BENCH_RESULT {json}` on stdout at its end, with its own figures and its peak RSS
 * (`process.resourceUsage().maxRSS`, KiB), so each phase's memory is measured alone.
 */
export const RESULT_MARKER = 'BENCH_RESULT '

/** One measured thing inside a phase (an extract, a sub-step, the whole phase). */
export type ChildFigure = {
  readonly name: string
  readonly rows: number | null
  /** null when the item was not timed alone (generated in one pass with the others). */
  readonly seconds: number | null
  /** CPU time (user + system, all threads of the process) over the same span. */
  readonly cpuSeconds?: number | null
  readonly bytes?: number
  readonly note?: string
}

export type ChildReport = {
  readonly figures: readonly ChildFigure[]
  /** Peak resident set size of the child, KiB. */
  readonly peakRssKiB: number
  /** RSS when the child started measuring (modules loaded), KiB. */
  readonly baseRssKiB: number
  readonly loadAvg: readonly number[]
}

export type Span = { readonly seconds: number; readonly cpuSeconds: number }

/**
 * Wall and CPU time from now to each `elapsed()`. On a shared machine the CPU time says what the code
 * costs; the wall time what a user waits.
 */
export function stopwatch(): { elapsed(): Span } {
  const wall = performance.now()
  const cpu = process.cpuUsage()
  return {
    elapsed: () => {
      const used = process.cpuUsage(cpu)
      return { seconds: (performance.now() - wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 }
    },
  }
}

export const rssKiB = (): number => Math.round(process.memoryUsage().rss / 1024)

export function emitReport(figures: readonly ChildFigure[], baseRssKiB: number): void {
  const report: ChildReport = { figures, peakRssKiB: process.resourceUsage().maxRSS, baseRssKiB, loadAvg: loadavg() }
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(report)}\n`)
}

/** Reads the child's report from its stdout; null when it printed none. */
export function parseReport(stdout: string): ChildReport | null {
  const line = stdout
    .split('\n')
    .reverse()
    .find((text) => text.startsWith(RESULT_MARKER))
  return line ? (JSON.parse(line.slice(RESULT_MARKER.length)) as ChildReport) : null
}

/** Positional argument `index` of a phase script, or a usage error. */
export function argument(index: number, usage: string): string {
  const value = process.argv[2 + index]
  if (value === undefined || value === '') {
    process.stderr.write(`usage: ${usage}\n`)
    process.exit(2)
  }
  return value
}
