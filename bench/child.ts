import { spawn, type ChildProcess } from 'node:child_process'
import { loadavg } from 'node:os'

/**
 * Runs one measured phase in its own Node process (so its peak RSS is its own), with a time
 * limit, optionally under the V8 CPU profiler. Children still running when the bench is
 * interrupted are ended by their pid (`stopChildren`).
 */
export type ChildRun = {
  readonly label: string
  /** Node flags before the script, e.g. `['--import', 'tsx']`. */
  readonly nodeArgs: readonly string[]
  readonly script: string
  readonly args: readonly string[]
  readonly cwd: string
  readonly timeoutMs: number
  readonly env?: Readonly<Record<string, string>>
  /** Write a `.cpuprofile` of the child into this folder. */
  readonly profileDir?: string
  /** Echo the child's stderr lines as they come (progress of long phases). */
  readonly echoStderr?: boolean
}

export type ChildOutcome = {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly timedOut: boolean
  /** Wall time from spawn to exit, including Node start-up and module loading. */
  readonly seconds: number
  readonly stdout: string
  readonly stderr: string
  readonly loadBefore: readonly number[]
  readonly loadAfter: readonly number[]
}

const active = new Set<ChildProcess>()

export function runChild(run: ChildRun): Promise<ChildOutcome> {
  const profile = run.profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${run.profileDir}`, `--cpu-prof-name=${run.label.replace(/[^\w.-]+/g, '_')}.cpuprofile`]
    : []
  const loadBefore = loadavg()
  const started = performance.now()
  const child = spawn(process.execPath, [...profile, ...run.nodeArgs, run.script, ...run.args], {
    cwd: run.cwd,
    env: { ...process.env, ...run.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  active.add(child)
  let stdout = ''
  let stderr = ''
  let partial = ''
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text))
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text
    if (!run.echoStderr) return
    const lines = (partial + text).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) process.stderr.write(`    [${run.label}] ${line}\n`)
  })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, run.timeoutMs)
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer)
      active.delete(child)
      reject(error)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      active.delete(child)
      resolve({ code, signal, timedOut, seconds: (performance.now() - started) / 1000, stdout, stderr, loadBefore, loadAfter: loadavg() })
    })
  })
}

/** Ends the children this bench started (each by its own pid). */
export function stopChildren(): void {
  for (const child of active) child.kill('SIGKILL')
}

/** Why a child failed, for the report: exit status and the end of its stderr. */
export function failureOf(outcome: ChildOutcome): string | null {
  if (outcome.timedOut) return `timed out after ${outcome.seconds.toFixed(0)} s (killed)`
  if (outcome.code === 0) return null
  const tail = outcome.stderr.trim().split('\n').slice(-5).join(' | ')
  return `exit ${outcome.code ?? outcome.signal}: ${tail}`
}
