import { setMaxListeners } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { DBOS } from '@dbos-inc/dbos-sdk'
import type { RunEventDraft } from '../../shared/api/events.ts'
import { TieoutError } from '../../shared/errors.ts'
import { isConnectionLoss, retryOnConnectionLoss } from '../state/connection-loss.ts'
import type { RetryPolicy, RunInput, StepContext, StepDef, StepOutput } from './workflow.ts'
import { type ClassifiedError, classifyError, retryDelayMs, type Sleep } from './backoff.ts'
import type { Limiter } from './limiter.ts'
import type { RunArtifacts, RunRecords } from './run-records.ts'

export type EngineLogger = {
  info(details: object, message: string): void
  warn(details: object, message: string): void
  error(details: object, message: string): void
}

export type ExecutionDeps = {
  readonly records: RunRecords
  readonly emit: (draft: RunEventDraft) => Promise<unknown>
  readonly limiter: Limiter
  readonly sleep: Sleep
  readonly random: () => number
  readonly now: () => Date
  readonly retryPolicy: (step: StepDef) => RetryPolicy
  readonly logger: EngineLogger
  readonly executorId: string
  readonly exclusive: <T>(key: string, work: () => Promise<T>) => Promise<T>
}

export type ExecutionPlan = {
  readonly runId: string
  readonly runDir: string
  readonly input: RunInput
  readonly steps: readonly StepDef[]
}

type StopReason = 'cancelled' | 'failed' | 'shutdown'

/** What a step's DBOS checkpoint keeps: its output and the attempt that produced it. */
type StepDone = { readonly output: StepOutput; readonly attempt: number; readonly finishedAt: string; readonly durationMs: number }

/** Progress events of one step are sent at most this often (the last one always). */
const PROGRESS_INTERVAL_MS = 200

/** A promise that never settles: what a step or workflow returns when this process shuts down. */
const never = <T>(): Promise<T> => new Promise<T>(() => {})

/**
 * Executes one run inside its DBOS workflow. Steps run in waves (every step whose dependencies are
 * in earlier waves), started in definition order so DBOS numbers them the same way on every
 * replay; each is one DBOS step, checkpointed when it succeeds, so a recovered run never starts a
 * finished step again. Within a DBOS step the product's retry policy applies: transient failures
 * retried with backoff and jitter, permanent ones failing the run at once. Every attempt is
 * recorded for the API and the evidence package's step log.
 */
export class RunExecution {
  private readonly controller = new AbortController()
  private stopReason: StopReason | null = null
  private readonly attempts = new Map<string, number>()
  private readonly inFlight = new Set<Promise<unknown>>()

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly plan: ExecutionPlan,
  ) {
    // Every step of the run (and each one waiting for a slot) listens to this one signal.
    setMaxListeners(0, this.controller.signal)
  }

  get runId(): string {
    return this.plan.runId
  }

  /** The workflow's body: resolves with the run's final status, or never when the process shuts down. */
  async execute(): Promise<'succeeded' | 'failed' | 'cancelled'> {
    const { records } = this.deps
    for (const row of await records.getSteps(this.runId)) this.attempts.set(row.name, row.attempts)
    await mkdir(this.plan.runDir, { recursive: true })
    await retryOnConnectionLoss(() => records.markRunning(this.runId, this.timestamp(), this.deps.executorId))
    await this.emit({ type: 'run-started', runId: this.runId, at: this.timestamp() })
    for (const wave of waves(this.plan.steps)) {
      const outcomes = await Promise.allSettled(
        wave.map((step) => DBOS.runStep(() => this.runStep(step), { name: step.name }).then((done) => this.recordSuccess(step, done))),
      )
      if (this.stopReason === 'shutdown') return never()
      if (this.stopReason) return this.stopReason
      const failed = outcomes.find((outcome) => outcome.status === 'rejected')
      if (failed) {
        // A failure replayed from the checkpoint of a run that crashed before recording it.
        await this.failRun(null, classifyError(failed.reason))
        return 'failed'
      }
    }
    return this.succeedRun()
  }

  /** False when the run had already stopped. */
  cancel(): boolean {
    if (this.stopReason) return false
    this.stop('cancelled')
    return true
  }

  /** Aborts in-flight attempts (recorded as interrupted) and waits for them; the run stays resumable. */
  async shutdown(): Promise<void> {
    if (!this.stopReason) this.stop('shutdown')
    await Promise.allSettled(this.inFlight)
  }

  /** One DBOS step: the product's attempts and retries; DBOS checkpoints what it returns. */
  private async runStep(step: StepDef): Promise<StepDone> {
    const policy = this.deps.retryPolicy(step)
    for (let failures = 0; ;) {
      try {
        await this.deps.limiter.acquire(this.controller.signal)
      } catch {
        return this.stepStopped(step)
      }
      const attempt = (this.attempts.get(step.name) ?? 0) + 1
      this.attempts.set(step.name, attempt)
      const running = this.attempt(step, attempt)
      this.inFlight.add(running)
      const outcome = await running.finally(() => {
        this.inFlight.delete(running)
        this.deps.limiter.release()
      })
      if (this.stopReason) return this.attemptStopped(step, attempt)
      if (outcome.ok) {
        const finished = this.deps.now()
        return {
          output: outcome.output,
          attempt,
          finishedAt: finished.toISOString(),
          durationMs: Math.max(0, finished.getTime() - outcome.startedMs),
        }
      }
      const error = classifyError(outcome.error)
      failures += 1
      if (!error.transient || failures >= policy.maxAttempts) return this.failStep(step, attempt, error)
      const resumed = await this.retryLater(step, attempt, error, retryDelayMs(policy, failures, this.deps.random))
      if (!resumed) return this.stepStopped(step)
    }
  }

  private async attempt(step: StepDef, attempt: number): Promise<{ ok: boolean; output: StepOutput; startedMs: number; error?: unknown }> {
    const started = this.deps.now()
    try {
      await this.deps.records.startAttempt(this.runId, step.name, attempt, started.toISOString())
      await this.emit({ type: 'step-started', runId: this.runId, at: started.toISOString(), step: step.name, attempt })
      const output = await step.run(this.context(step, attempt))
      return { ok: true, output, startedMs: started.getTime() }
    } catch (error) {
      return { ok: false, output: {}, startedMs: started.getTime(), error: asTransientIfConnectionLoss(error) }
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
      stepLog: () => this.deps.records.stepLog(this.runId),
      exclusive: this.deps.exclusive,
      progress: (done, total, message) => {
        const now = this.deps.now()
        const final = total !== null && done >= total
        if (this.stopReason || (!final && now.getTime() - lastProgress < PROGRESS_INTERVAL_MS)) return
        lastProgress = now.getTime()
        const at = now.toISOString()
        void this.emit({ type: 'step-progress', runId: this.runId, at, step: step.name, done, total, message: message ?? null })
      },
    }
  }

  /**
   * Recorded once DBOS has checkpointed the step, so a step the records show as succeeded is never
   * run again; a replay after a crash records it if the crash came in between, and only then.
   */
  private async recordSuccess(step: StepDef, done: StepDone): Promise<void> {
    if (this.stopReason) return
    const { records } = this.deps
    const recorded = await retryOnConnectionLoss(() => records.getStep(this.runId, step.name))
    if (recorded?.status === 'succeeded') return
    const at = done.finishedAt
    await retryOnConnectionLoss(async () => {
      await records.endAttempt(this.runId, step.name, done.attempt, { outcome: 'succeeded', at })
      await records.stepSucceeded(this.runId, step.name, done.output, at)
      await records.setArtifacts(this.runId, this.artifacts(done.output))
    })
    await this.emit({ type: 'step-finished', runId: this.runId, at, step: step.name, attempt: done.attempt, durationMs: done.durationMs })
  }

  /**
   * A step names the run's published files through its summary (`resultPath`, `workbookPath`,
   * `evidencePath`, relative to the run directory); the API serves them from the run's record.
   * The evidence step's `manifestSha256` and `keyFingerprint` anchor the package in the records.
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

  /** Records a transient failure and waits; false when the run stopped during the wait. */
  private async retryLater(step: StepDef, attempt: number, error: ClassifiedError, delayMs: number): Promise<boolean> {
    const now = this.deps.now()
    const at = now.toISOString()
    const nextRetryAt = new Date(now.getTime() + delayMs).toISOString()
    await retryOnConnectionLoss(async () => {
      await this.deps.records.endAttempt(this.runId, step.name, attempt, { outcome: 'retry', at, error, nextRetryAt })
      await this.deps.records.setStepStatus(this.runId, step.name, 'retrying', null, error)
    })
    const info = { code: error.code, message: error.message }
    await this.emit({ type: 'step-retried', runId: this.runId, at, step: step.name, attempt, delayMs, error: info })
    try {
      await this.deps.sleep(delayMs, this.controller.signal)
    } catch {
      return false
    }
    return !this.stopReason
  }

  private async failStep(step: StepDef, attempt: number, error: ClassifiedError): Promise<never> {
    const at = this.timestamp()
    await retryOnConnectionLoss(() => this.deps.records.endAttempt(this.runId, step.name, attempt, { outcome: 'failed', at, error }))
    if (this.stopReason) return this.stepStopped(step)
    await this.failRun({ step: step.name, attempt }, error)
    // DBOS keeps this as the step's outcome: a replay fails the same way without running the step.
    throw Object.assign(new Error(error.message), { code: error.code, transient: false })
  }

  /** A permanent failure fails the run at once and cancels the other in-flight steps. */
  private async failRun(origin: { step: string; attempt: number } | null, error: ClassifiedError): Promise<void> {
    if (this.stopReason) return
    this.stop('failed')
    const at = this.timestamp()
    const info = { code: error.code, message: error.message }
    const { records } = this.deps
    if (origin) {
      await retryOnConnectionLoss(() => records.setStepStatus(this.runId, origin.step, 'failed', at, error))
      await this.emit({ type: 'step-failed', runId: this.runId, at, step: origin.step, attempt: origin.attempt, error: info })
    }
    await retryOnConnectionLoss(() => records.cancelOpenSteps(this.runId, at))
    const finished = await retryOnConnectionLoss(() => records.finishRun(this.runId, 'failed', at, error))
    this.deps.logger.warn({ runId: this.runId, step: origin?.step, error: info }, 'run failed')
    if (finished) await this.emit({ type: 'run-finished', runId: this.runId, at, status: 'failed', error: info })
  }

  private async succeedRun(): Promise<'succeeded' | 'cancelled'> {
    const at = this.timestamp()
    if (!(await retryOnConnectionLoss(() => this.deps.records.finishRun(this.runId, 'succeeded', at, null)))) return 'cancelled'
    await this.emit({ type: 'run-finished', runId: this.runId, at, status: 'succeeded', error: null })
    return 'succeeded'
  }

  /** The attempt ended because the run stopped: cancelled, or interrupted by a shutdown. */
  private async attemptStopped(step: StepDef, attempt: number): Promise<never> {
    const outcome = this.stopReason === 'shutdown' ? 'interrupted' : 'cancelled'
    await this.deps.records.endAttempt(this.runId, step.name, attempt, { outcome, at: this.timestamp() }).catch(() => {})
    return this.stepStopped(step)
  }

  /**
   * After a shutdown the step never completes, so DBOS records nothing and the next start runs it
   * again; after a cancel or a failure elsewhere it ends as cancelled.
   */
  private async stepStopped(step: StepDef): Promise<never> {
    if (this.stopReason === 'shutdown') {
      await this.deps.records.setStepStatus(this.runId, step.name, 'pending', null).catch(() => {})
      return never()
    }
    // Its attempt may have been recorded as running after the run's open steps were cancelled.
    await this.deps.records.setStepStatus(this.runId, step.name, 'cancelled', this.timestamp()).catch(() => {})
    throw new TieoutError('TIEOUT_ERR_CANCELLED', { runId: this.runId })
  }

  private stop(reason: StopReason): void {
    this.stopReason = reason
    this.controller.abort(new TieoutError('TIEOUT_ERR_CANCELLED', { runId: this.runId }))
  }

  /** Events are what the pane and the CLI show; a lost one must not fail the run. */
  private async emit(draft: RunEventDraft): Promise<void> {
    if (this.stopReason === 'shutdown' && draft.type !== 'run-finished') return
    await this.deps
      .emit(draft)
      .catch((error: unknown) => this.deps.logger.warn({ runId: this.runId, err: error }, 'run event not recorded'))
  }

  private timestamp(): string {
    return this.deps.now().toISOString()
  }
}

/** Steps grouped so that each wave depends only on earlier ones, in definition order within a wave. */
export function waves(steps: readonly StepDef[]): StepDef[][] {
  const waveOf = new Map<string, number>()
  const byName = new Map(steps.map((step) => [step.name, step]))
  const depth = (step: StepDef): number => {
    const known = waveOf.get(step.name)
    if (known !== undefined) return known
    const wave = Math.max(-1, ...step.dependsOn.map((name) => depth(byName.get(name) as StepDef))) + 1
    waveOf.set(step.name, wave)
    return wave
  }
  const result: StepDef[][] = []
  for (const step of steps) (result[depth(step)] ??= []).push(step)
  return result.filter((wave) => wave !== undefined)
}

/** Losing the state store mid-attempt is retried like any transient failure: the step is idempotent. */
function asTransientIfConnectionLoss(error: unknown): unknown {
  if (!isConnectionLoss(error)) return error
  return new TieoutError('TIEOUT_ERR_SOURCE_UNAVAILABLE', { detail: `state store unreachable: ${(error as Error).message}` })
}
