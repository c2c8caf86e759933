import { setMaxListeners } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import type { RunEventDraft } from '../../shared/api/events.ts'
import { TieoutError } from '../../shared/errors.ts'
import type { RetryPolicy, RunInput, StepContext, StepDef, StepOutput } from './workflow.ts'
import type { RunStepRow } from '../state/tables.ts'
import { type ClassifiedError, classifyError, retryDelayMs, type Sleep } from './backoff.ts'
import type { EventHub } from './event-hub.ts'
import type { Journal, RunArtifacts } from './journal.ts'
import type { Limiter } from './limiter.ts'

export type EngineLogger = {
  info(details: object, message: string): void
  warn(details: object, message: string): void
  error(details: object, message: string): void
}

export type ExecutionDeps = {
  readonly journal: Journal
  readonly hub: EventHub
  readonly limiter: Limiter
  readonly sleep: Sleep
  readonly random: () => number
  readonly now: () => Date
  readonly retryPolicy: (step: StepDef) => RetryPolicy
  readonly logger: EngineLogger
}

export type ExecutionPlan = {
  readonly runId: string
  readonly runDir: string
  readonly input: RunInput
  readonly steps: readonly StepDef[]
  /** The journal's view of the steps when execution begins (empty for a new run). */
  readonly journaled: readonly RunStepRow[]
}

type StopReason = 'cancelled' | 'failed' | 'shutdown' | 'finished'

/** Progress events of one step are sent at most this often (the last one always). */
const PROGRESS_INTERVAL_MS = 200

/**
 * Executes one run: starts every step whose dependencies succeeded, retries transient failures
 * with backoff, fails the whole run on a permanent one, and journals each attempt. Steps that
 * succeeded in an earlier execution (before a crash) are never started again.
 */
export class RunExecution {
  private readonly controller = new AbortController()
  private stopReason: StopReason | null = null
  private readonly succeeded = new Set<string>()
  private readonly attempts = new Map<string, number>()
  private done: Promise<void> = Promise.resolve()

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly plan: ExecutionPlan,
  ) {
    // Every step of the run (and each one waiting for a slot) listens to this one signal.
    setMaxListeners(0, this.controller.signal)
    for (const row of plan.journaled) {
      this.attempts.set(row.name, row.attempts)
      if (row.status === 'succeeded') this.succeeded.add(row.name)
    }
  }

  get runId(): string {
    return this.plan.runId
  }

  start(): Promise<void> {
    this.done = this.execute().catch((error: unknown) => this.failRun(null, classifyError(error)))
    return this.done
  }

  settled(): Promise<void> {
    return this.done
  }

  /** False when the run had already stopped (finished, failed or cancelled). */
  async cancel(): Promise<boolean> {
    if (this.stopReason) return false
    this.stop('cancelled')
    const at = this.timestamp()
    await this.deps.journal.cancelOpenSteps(this.runId, at)
    if (!(await this.deps.journal.finishRun(this.runId, 'cancelled', at, null))) return false
    this.emit({ type: 'run-finished', runId: this.runId, at, status: 'cancelled', error: null })
    return true
  }

  /** Leaves the run unfinished in the journal so the next start resumes it. */
  async shutdown(): Promise<void> {
    if (!this.stopReason) this.stop('shutdown')
    await this.done
  }

  private async execute(): Promise<void> {
    await mkdir(this.plan.runDir, { recursive: true })
    await this.deps.journal.markRunning(this.runId, this.timestamp())
    this.emit({ type: 'run-started', runId: this.runId, at: this.timestamp() })
    const waiting = new Map(this.plan.steps.filter((s) => !this.succeeded.has(s.name)).map((s) => [s.name, s]))
    const inFlight = new Map<string, Promise<void>>()
    while (!this.stopReason) {
      for (const step of waiting.values()) {
        if (!step.dependsOn.every((name) => this.succeeded.has(name))) continue
        waiting.delete(step.name)
        inFlight.set(
          step.name,
          this.runStep(step).finally(() => inFlight.delete(step.name)),
        )
      }
      if (inFlight.size === 0) break
      await Promise.race(inFlight.values())
    }
    await Promise.allSettled(inFlight.values())
    if (this.stopReason) return
    if (waiting.size > 0) throw new TieoutError('TIEOUT_ERR_INTERNAL', { detail: 'steps left that can never start' })
    await this.succeedRun()
  }

  private async runStep(step: StepDef): Promise<void> {
    const policy = this.deps.retryPolicy(step)
    for (let failures = 0; ;) {
      try {
        await this.deps.limiter.acquire(this.controller.signal)
      } catch {
        return this.stepStopped(step)
      }
      const attempt = (this.attempts.get(step.name) ?? 0) + 1
      this.attempts.set(step.name, attempt)
      const outcome = await this.attempt(step, attempt).finally(() => this.deps.limiter.release())
      // After a shutdown a finished step is kept (the resumed run skips it); after a cancel or a
      // failure elsewhere the run's outcome is decided and late results are not recorded.
      const keep = outcome.ok && (this.stopReason === null || this.stopReason === 'shutdown')
      if (outcome.ok && keep) return this.recordSuccess(step, attempt, outcome.output, outcome.startedMs)
      if (this.stopReason || outcome.ok) return this.attemptStopped(step, attempt)
      const error = classifyError(outcome.error)
      failures += 1
      if (!error.transient || failures >= policy.maxAttempts) return this.failStep(step, attempt, error)
      const resumed = await this.retryLater(step, attempt, error, retryDelayMs(policy, failures, this.deps.random))
      if (!resumed) return this.stepStopped(step)
    }
  }

  private async attempt(
    step: StepDef,
    attempt: number,
  ): Promise<{ ok: true; output: StepOutput; startedMs: number } | { ok: false; error: unknown }> {
    const started = this.deps.now()
    try {
      await this.deps.journal.startAttempt(this.runId, step.name, attempt, started.toISOString())
      this.emit({ type: 'step-started', runId: this.runId, at: started.toISOString(), step: step.name, attempt })
      const output = await step.run(this.context(step, attempt))
      return { ok: true, output, startedMs: started.getTime() }
    } catch (error) {
      return { ok: false, error }
    }
  }

  private context(step: StepDef, attempt: number): StepContext {
    let lastProgress = Number.NEGATIVE_INFINITY
    return {
      runId: this.runId,
      runDir: this.plan.runDir,
      input: this.plan.input,
      attempt,
      signal: this.controller.signal,
      // The evidence step seals this log into the package (steps.json): every step and attempt so far.
      stepLog: () => this.deps.journal.stepLog(this.runId),
      progress: (done, total, message) => {
        const now = this.deps.now()
        const final = total !== null && done >= total
        if (this.stopReason || (!final && now.getTime() - lastProgress < PROGRESS_INTERVAL_MS)) return
        lastProgress = now.getTime()
        const at = now.toISOString()
        this.emit({ type: 'step-progress', runId: this.runId, at, step: step.name, done, total, message: message ?? null })
      },
    }
  }

  private async recordSuccess(step: StepDef, attempt: number, output: StepOutput, startedMs: number): Promise<void> {
    const finished = this.deps.now()
    const at = finished.toISOString()
    await this.deps.journal.endAttempt(this.runId, step.name, attempt, { outcome: 'succeeded', at })
    await this.deps.journal.stepSucceeded(this.runId, step.name, output, at)
    await this.deps.journal.setArtifacts(this.runId, this.artifacts(output))
    this.succeeded.add(step.name)
    const durationMs = Math.max(0, finished.getTime() - startedMs)
    this.emit({ type: 'step-finished', runId: this.runId, at, step: step.name, attempt, durationMs })
  }

  /**
   * A step names the run's published files through its summary (`resultPath`, `workbookPath`,
   * `evidencePath`, relative to the run directory); the API serves them from the run's record.
   * The evidence step's `manifestSha256` and `keyFingerprint` anchor the package in the journal.
   */
  private artifacts(output: StepOutput): RunArtifacts {
    const path = (key: string): string | undefined => {
      const value = output.summary?.[key]
      if (typeof value !== 'string' || value === '') return undefined
      return isAbsolute(value) ? value : resolve(this.plan.runDir, value)
    }
    const text = (key: string): string | undefined => {
      const value = output.summary?.[key]
      return typeof value === 'string' && value !== '' ? value : undefined
    }
    return {
      resultPath: path('resultPath'),
      workbookPath: path('workbookPath'),
      evidencePath: path('evidencePath'),
      manifestSha256: text('manifestSha256'),
      keyFingerprint: text('keyFingerprint'),
    }
  }

  /** Journals a transient failure and waits; false when the run stopped during the wait. */
  private async retryLater(step: StepDef, attempt: number, error: ClassifiedError, delayMs: number): Promise<boolean> {
    const now = this.deps.now()
    const at = now.toISOString()
    const nextRetryAt = new Date(now.getTime() + delayMs).toISOString()
    await this.deps.journal.endAttempt(this.runId, step.name, attempt, { outcome: 'retry', at, error, nextRetryAt })
    await this.deps.journal.setStepStatus(this.runId, step.name, 'retrying', null, error)
    const info = { code: error.code, message: error.message }
    this.emit({ type: 'step-retried', runId: this.runId, at, step: step.name, attempt, delayMs, error: info })
    try {
      await this.deps.sleep(delayMs, this.controller.signal)
    } catch {
      return false
    }
    return !this.stopReason
  }

  private async failStep(step: StepDef, attempt: number, error: ClassifiedError): Promise<void> {
    const at = this.timestamp()
    await this.deps.journal.endAttempt(this.runId, step.name, attempt, { outcome: 'failed', at, error })
    if (this.stopReason) return this.stepStopped(step)
    await this.failRun({ step: step.name, attempt }, error)
  }

  /** A permanent failure fails the run at once and cancels the other in-flight steps. */
  private async failRun(origin: { step: string; attempt: number } | null, error: ClassifiedError): Promise<void> {
    if (this.stopReason) return
    this.stop('failed')
    const at = this.timestamp()
    const info = { code: error.code, message: error.message }
    if (origin) {
      await this.deps.journal.setStepStatus(this.runId, origin.step, 'failed', at, error)
      this.emit({ type: 'step-failed', runId: this.runId, at, step: origin.step, attempt: origin.attempt, error: info })
    }
    await this.deps.journal.cancelOpenSteps(this.runId, at)
    await this.deps.journal.finishRun(this.runId, 'failed', at, error)
    this.deps.logger.warn({ runId: this.runId, step: origin?.step, error: info }, 'run failed')
    this.emit({ type: 'run-finished', runId: this.runId, at, status: 'failed', error: info })
  }

  private async succeedRun(): Promise<void> {
    this.stopReason = 'finished'
    const at = this.timestamp()
    if (!(await this.deps.journal.finishRun(this.runId, 'succeeded', at, null))) return
    this.emit({ type: 'run-finished', runId: this.runId, at, status: 'succeeded', error: null })
  }

  /** The attempt ended because the run stopped: cancelled, or interrupted by a shutdown. */
  private async attemptStopped(step: StepDef, attempt: number): Promise<void> {
    const outcome = this.stopReason === 'shutdown' ? 'interrupted' : 'cancelled'
    await this.deps.journal.endAttempt(this.runId, step.name, attempt, { outcome, at: this.timestamp() })
    await this.stepStopped(step)
  }

  private async stepStopped(step: StepDef): Promise<void> {
    if (this.stopReason === 'shutdown') await this.deps.journal.setStepStatus(this.runId, step.name, 'pending', null)
  }

  private stop(reason: StopReason): void {
    this.stopReason = reason
    this.controller.abort(new TieoutError('TIEOUT_ERR_CANCELLED', { runId: this.runId }))
  }

  private emit(draft: RunEventDraft): void {
    this.deps.hub.emit(draft)
  }

  private timestamp(): string {
    return this.deps.now().toISOString()
  }
}
