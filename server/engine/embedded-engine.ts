import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { TieoutError } from '../../shared/errors.ts'
import type { RetryPolicy, RunInput, StepDef, WorkflowDef } from './workflow.ts'
import type { Database, RunRow } from '../state/tables.ts'
import { type ClassifiedError, realSleep, type Sleep } from './backoff.ts'
import type { EventSubscription, RunEngine, RunEventListener, StartOptions } from './engine.ts'
import { EventHub, type EventHubOptions } from './event-hub.ts'
import { Journal } from './journal.ts'
import { Limiter } from './limiter.ts'
import { planSteps, WorkflowRegistry } from './registry.ts'
import { type EngineLogger, RunExecution } from './run-execution.ts'

export type EmbeddedEngineOptions = {
  readonly db: Kysely<Database>
  /** Each run works in `<runsDir>/<runId>`. */
  readonly runsDir: string
  readonly concurrency?: number
  /** Replaces every step's own retry policy (configuration, tests). */
  readonly retry?: RetryPolicy | null
  readonly sleep?: Sleep
  readonly random?: () => number
  readonly now?: () => Date
  readonly newRunId?: () => string
  readonly logger?: EngineLogger
  readonly events?: EventHubOptions
  /** How long `close()` waits for aborted steps to settle, in milliseconds. */
  readonly closeTimeoutMs?: number
}

const SILENT: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} }

export function createEmbeddedEngine(options: EmbeddedEngineOptions): RunEngine {
  return new EmbeddedEngine(options)
}

/** The default engine: journals to the state store and executes steps in this process. */
class EmbeddedEngine implements RunEngine {
  private readonly registry = new WorkflowRegistry()
  private readonly journal: Journal
  private readonly hub: EventHub
  private readonly limiter: Limiter
  private readonly executions = new Map<string, RunExecution>()
  private readonly now: () => Date
  private readonly logger: EngineLogger
  private closed = false

  constructor(private readonly options: EmbeddedEngineOptions) {
    this.journal = new Journal(options.db)
    this.logger = options.logger ?? SILENT
    this.hub = new EventHub({
      onListenerError: (error) => this.logger.error({ err: error }, 'run event listener failed'),
      ...options.events,
    })
    this.limiter = new Limiter(options.concurrency ?? 4)
    this.now = options.now ?? (() => new Date())
  }

  register(workflow: WorkflowDef): void {
    this.registry.register(workflow)
  }

  workflow(name: string): WorkflowDef | undefined {
    return this.registry.get(name)
  }

  async start(workflowName: string, input: RunInput, options: StartOptions = {}): Promise<string> {
    if (this.closed) throw new TieoutError('TIEOUT_ERR_SOURCE_UNAVAILABLE', { detail: 'the run engine is shutting down' })
    const workflow = this.registry.get(workflowName)
    if (!workflow) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `workflow ${workflowName}` })
    const steps = planSteps(workflow, workflow.steps(input))
    const id = (this.options.newRunId ?? randomUUID)()
    const entities = [...new Set(input.entities)].sort()
    const runId = await this.journal.createRun(
      {
        id,
        workflow: workflow.name,
        workflow_version: workflow.version,
        input: JSON.stringify(input),
        status: 'queued',
        preparer: input.preparer,
        period: input.period,
        entities: entities.join(','),
        idempotency_key: options.idempotencyKey ?? null,
        created_at: this.now().toISOString(),
      },
      entities,
      steps.map((step) => step.name),
    )
    if (runId === id) this.launch(runId, input, steps, [])
    return runId
  }

  async cancel(runId: string): Promise<boolean> {
    const execution = this.executions.get(runId)
    if (execution) return execution.cancel()
    const run = await this.journal.getRun(runId)
    if (!run) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `run ${runId}` })
    // Unfinished but not executing here: not resumed yet, or stopped before its first step.
    const at = this.now().toISOString()
    await this.journal.cancelOpenSteps(runId, at)
    if (!(await this.journal.finishRun(runId, 'cancelled', at, null))) return false
    this.hub.emit({ type: 'run-finished', runId, at, status: 'cancelled', error: null })
    return true
  }

  async resumeUnfinished(): Promise<readonly string[]> {
    const resumed: string[] = []
    for (const run of await this.journal.unfinishedRuns()) {
      if (this.closed || this.executions.has(run.id)) continue
      if (await this.resume(run)) resumed.push(run.id)
    }
    return resumed
  }

  events(runId: string, listener: RunEventListener): EventSubscription {
    return this.hub.subscribe(runId, listener)
  }

  onEvent(listener: RunEventListener): () => void {
    return this.hub.subscribeAll(listener)
  }

  settled(runId: string): Promise<void> {
    return this.executions.get(runId)?.settled() ?? Promise.resolve()
  }

  async close(): Promise<void> {
    this.closed = true
    const stopping = Promise.all([...this.executions.values()].map((execution) => execution.shutdown()))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.closeTimeoutMs ?? 10_000)
      timer.unref()
    })
    await Promise.race([stopping, timeout])
    clearTimeout(timer)
  }

  private async resume(run: RunRow): Promise<boolean> {
    const workflow = this.registry.get(run.workflow)
    if (!workflow) {
      this.logger.warn({ runId: run.id, workflow: run.workflow }, 'unfinished run of an unregistered workflow left as is')
      return false
    }
    if (workflow.version !== run.workflow_version) {
      const message = `workflow ${workflow.name}: definition version ${run.workflow_version} ≠ ${workflow.version}; the run was not resumed, start a new one`
      await this.refuse(run, { code: 'TIEOUT_ERR_CONFLICT', message, transient: false })
      return false
    }
    const input = JSON.parse(run.input) as RunInput
    const steps = planSteps(workflow, workflow.steps(input))
    const journaled = await this.journal.getSteps(run.id)
    if (!sameStepNames(steps, journaled)) {
      const message = `workflow ${workflow.name}@${workflow.version}: the steps of this run differ from the journal; the run was not resumed`
      await this.refuse(run, { code: 'TIEOUT_ERR_CONFLICT', message, transient: false })
      return false
    }
    await this.journal.interruptOpenAttempts(run.id, this.now().toISOString())
    this.logger.info({ runId: run.id, workflow: workflow.name }, 'resuming unfinished run')
    this.launch(run.id, input, steps, await this.journal.getSteps(run.id))
    return true
  }

  private async refuse(run: RunRow, error: ClassifiedError): Promise<void> {
    const at = this.now().toISOString()
    await this.journal.interruptOpenAttempts(run.id, at)
    await this.journal.cancelOpenSteps(run.id, at)
    await this.journal.finishRun(run.id, 'failed', at, error)
    this.logger.warn({ runId: run.id, error: error.message }, 'unfinished run not resumed')
    this.hub.emit({ type: 'run-finished', runId: run.id, at, status: 'failed', error: { code: error.code, message: error.message } })
  }

  private launch(runId: string, input: RunInput, steps: readonly StepDef[], journaled: Awaited<ReturnType<Journal['getSteps']>>): void {
    const execution = new RunExecution(
      {
        journal: this.journal,
        hub: this.hub,
        limiter: this.limiter,
        sleep: this.options.sleep ?? realSleep,
        random: this.options.random ?? Math.random,
        now: this.now,
        retryPolicy: (step) => this.options.retry ?? step.retry,
        logger: this.logger,
      },
      { runId, runDir: join(this.options.runsDir, runId), input, steps, journaled },
    )
    this.executions.set(runId, execution)
    void execution
      .start()
      .catch((error: unknown) => this.logger.error({ runId, err: error }, 'run execution could not be journaled'))
      .finally(() => this.executions.delete(runId))
  }
}

function sameStepNames(steps: readonly StepDef[], journaled: readonly { name: string }[]): boolean {
  const names = new Set(journaled.map((row) => row.name))
  return steps.length === names.size && steps.every((step) => names.has(step.name))
}
