import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { DBOS, type DLogger } from '@dbos-inc/dbos-sdk'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { RunEventDraft } from '../../shared/api/events.ts'
import { TieoutError } from '../../shared/errors.ts'
import type { Database, RunRow } from '../state/tables.ts'
import type { RetryPolicy, RunInput, WorkflowDef } from './workflow.ts'
import { realSleep, type Sleep } from './backoff.ts'
import type { EventSubscription, RunEngine, RunEventListener, StartOptions } from './engine.ts'
import { Limiter } from './limiter.ts'
import { planSteps, WorkflowRegistry } from './registry.ts'
import { CANCEL_CHANNEL, RunEvents } from './run-events.ts'
import { type EngineLogger, RunExecution } from './run-execution.ts'
import { RunRecords } from './run-records.ts'

export const RUN_QUEUE = 'tieout-runs'

export type DbosEngineOptions = {
  readonly db: Kysely<Database>
  /** The database holding the state store; DBOS keeps its checkpoints there in schema `dbos`. */
  readonly databaseUrl: string
  /** Each run works in `<runsDir>/<runId>` on the instance executing it. */
  readonly runsDir: string
  /** This instance's id (DBOS executor id): a restarted instance recovers its own unfinished runs. */
  readonly instanceId?: string
  /** Product version; with the workflows' versions it makes the DBOS application version. */
  readonly productVersion: string
  /** Step attempts executing at once in this process, across runs. */
  readonly concurrency?: number
  /** Runs executing at once across every instance, and on this one (null: no limit). */
  readonly runConcurrency?: number | null
  readonly instanceRunConcurrency?: number | null
  /**
   * The queue this instance takes runs from (default `tieout-runs`, shared by every server). The
   * CLI uses a queue of its own so that a server sharing the database never takes its run.
   */
  readonly queueName?: string
  /** How often this instance looks for queued runs, in milliseconds. */
  readonly queuePollMs?: number
  /** Replaces every step's own retry policy (configuration, tests). */
  readonly retry?: RetryPolicy | null
  readonly sleep?: Sleep
  readonly random?: () => number
  readonly now?: () => Date
  readonly newRunId?: () => string
  readonly logger?: EngineLogger
  /** How long `close()` waits for aborted steps to record their end, in milliseconds. */
  readonly closeTimeoutMs?: number
}

const SILENT: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} }

/** DBOS is one per process: the engine that launched it, until it closes. */
const thisProcess: { engine: DbosEngine | null } = { engine: null }

export function createDbosEngine(options: DbosEngineOptions): RunEngine {
  return new DbosEngine(options)
}

/**
 * Runs as DBOS workflows on PostgreSQL: started through one queue shared by every instance (with a
 * global and a per-instance limit), checkpointed step by step, recovered after a crash by the
 * instance that ran them. The product's own records (runs, steps, attempts, events) are written
 * beside DBOS's checkpoints and are what the API shows.
 */
class DbosEngine implements RunEngine {
  private readonly registry = new WorkflowRegistry()
  private readonly records: RunRecords
  private readonly events_: RunEvents
  private readonly limiter: Limiter
  private readonly executions = new Map<string, { execution: RunExecution; done: Promise<unknown> }>()
  private readonly dbosWorkflows = new Map<string, (runId: string) => Promise<string>>()
  private readonly logger: EngineLogger
  private readonly now: () => Date
  private readonly instanceId: string
  private readonly queueName: string
  private launched = false
  private closed = false

  constructor(private readonly options: DbosEngineOptions) {
    this.records = new RunRecords(options.db)
    this.logger = options.logger ?? SILENT
    this.events_ = new RunEvents(options.db, options.databaseUrl, this.logger)
    this.limiter = new Limiter(options.concurrency ?? 4)
    this.now = options.now ?? (() => new Date())
    this.instanceId = options.instanceId ?? 'local'
    this.queueName = options.queueName ?? RUN_QUEUE
  }

  register(workflow: WorkflowDef): void {
    if (this.launched)
      throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file: `workflow ${workflow.name}`, detail: 'registered after launch' })
    this.registry.register(workflow)
  }

  workflow(name: string): WorkflowDef | undefined {
    return this.registry.get(name)
  }

  /** Product version plus every workflow's version: DBOS recovers only runs of the same one. */
  get applicationVersion(): string {
    const workflows = this.registry.all().map((workflow) => `${workflow.name}@${workflow.version}`)
    return [`tieout-${this.options.productVersion}`, ...workflows.sort()].join('+')
  }

  async launch(): Promise<void> {
    if (this.launched) return
    // DBOS is one per process: a process that builds a second app (tests do) hands it over.
    if (thisProcess.engine) {
      this.logger.warn({}, 'another run engine of this process is closed to launch this one')
      await thisProcess.engine.close()
    }
    thisProcess.engine = this
    this.launched = true
    try {
      await this.interruptOwnAttempts()
      DBOS.setConfig({
        name: 'tieout',
        systemDatabaseUrl: this.options.databaseUrl,
        applicationVersion: this.applicationVersion,
        executorID: this.instanceId,
        logger: dbosLogger(this.logger),
        listenQueues: [this.queueName],
      })
      for (const workflow of this.registry.all()) {
        const body = (runId: string) => this.runWorkflow(workflow, runId)
        this.dbosWorkflows.set(workflow.name, DBOS.registerWorkflow(body, { name: workflow.name }))
      }
      await DBOS.launch()
      await DBOS.registerQueue(this.queueName, {
        ...(this.options.runConcurrency ? { globalConcurrency: this.options.runConcurrency } : {}),
        ...(this.options.instanceRunConcurrency ? { workerConcurrency: this.options.instanceRunConcurrency } : {}),
        minPollingIntervalMs: this.options.queuePollMs ?? 250,
        onConflict: 'always_update',
      })
      await this.events_.open(this.onCancelNotice)
      await this.reconcileUnfinished()
    } catch (error) {
      await this.close()
      throw error
    }
  }

  async start(workflowName: string, input: RunInput, options: StartOptions = {}): Promise<string> {
    if (this.closed) throw new TieoutError('TIEOUT_ERR_SOURCE_UNAVAILABLE', { detail: 'the run engine is shutting down' })
    await this.launch()
    const workflow = this.registry.get(workflowName)
    if (!workflow) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `workflow ${workflowName}` })
    const steps = planSteps(workflow, workflow.steps(input))
    const id = (this.options.newRunId ?? randomUUID)()
    const entities = [...new Set(input.entities)].sort()
    const runId = await this.records.createRun(
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
    await this.enqueue(workflow.name, runId)
    return runId
  }

  async cancel(runId: string): Promise<boolean> {
    const run = await this.records.getRun(runId)
    if (!run) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `run ${runId}` })
    const at = this.now().toISOString()
    if (!(await this.records.finishRun(runId, 'cancelled', at, null))) return false
    await this.records.cancelOpenSteps(runId, at)
    await DBOS.cancelWorkflow(runId).catch((error: unknown) => this.logger.warn({ runId, err: error }, 'DBOS did not cancel the workflow'))
    this.stopLocal(runId)
    await sql`select pg_notify(${CANCEL_CHANNEL}, ${runId})`.execute(this.options.db)
    await this.emit({ type: 'run-finished', runId, at, status: 'cancelled', error: null })
    return true
  }

  events(runId: string, listener: RunEventListener): Promise<EventSubscription> {
    return this.events_.subscribe(runId, listener)
  }

  onEvent(listener: RunEventListener): () => void {
    return this.events_.subscribeAll(listener)
  }

  async settled(runId: string): Promise<void> {
    for (;;) {
      const run = await this.records.getRun(runId)
      if (!run || !['queued', 'running'].includes(run.status)) break
      await delay(20)
    }
    await this.executions.get(runId)?.done
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const stopping = Promise.all([...this.executions.values()].map(({ execution }) => execution.shutdown()))
    await Promise.race([stopping, delay(this.options.closeTimeoutMs ?? 10_000, undefined, { ref: false })])
    if (thisProcess.engine === this) {
      await DBOS.shutdown({ deregister: true }).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'DBOS did not shut down cleanly'),
      )
      thisProcess.engine = null
    }
    await this.events_.close()
  }

  private async enqueue(workflowName: string, runId: string): Promise<void> {
    const body = this.dbosWorkflows.get(workflowName)
    if (!body) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `workflow ${workflowName}` })
    await DBOS.startWorkflow(body, { workflowID: runId, queueName: this.queueName })(runId)
  }

  /** The DBOS workflow of a run: executes it here and records the outcome. */
  private async runWorkflow(workflow: WorkflowDef, runId: string): Promise<string> {
    const run = await this.records.getRun(runId)
    if (!run) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `run ${runId}` })
    if (!['queued', 'running'].includes(run.status)) return run.status
    const input = JSON.parse(run.input) as RunInput
    const execution = new RunExecution(
      {
        records: this.records,
        emit: (draft) => this.emit(draft),
        limiter: this.limiter,
        sleep: this.options.sleep ?? realSleep,
        random: this.options.random ?? Math.random,
        now: this.now,
        retryPolicy: (step) => this.options.retry ?? step.retry,
        logger: this.logger,
        executorId: this.instanceId,
        exclusive: (key, work) => exclusive(this.options.db, key, work),
      },
      { runId, runDir: join(this.options.runsDir, runId), input, steps: planSteps(workflow, workflow.steps(input)) },
    )
    const done = execution.execute()
    this.executions.set(runId, { execution, done: done.catch(() => {}) })
    try {
      const status = await done
      if (status === 'failed') throw new TieoutError('TIEOUT_ERR_CONFLICT', { detail: `run ${runId} failed` })
      return status
    } finally {
      this.executions.delete(runId)
    }
  }

  private emit(draft: RunEventDraft): Promise<unknown> {
    return this.events_.emit(draft)
  }

  private readonly onCancelNotice = (runId: string): void => this.stopLocal(runId)

  private stopLocal(runId: string): void {
    this.executions.get(runId)?.execution.cancel()
  }

  /** Attempts this instance was running when it stopped did not finish; their steps run again. */
  private async interruptOwnAttempts(): Promise<void> {
    const at = this.now().toISOString()
    for (const run of await this.records.unfinishedRuns()) {
      if (run.executor_id === this.instanceId) await this.records.interruptOpenAttempts(run.id, at)
    }
  }

  /**
   * Brings the product's records in line with DBOS after a start: a run recorded but never queued
   * (the process stopped in between) is queued; a run DBOS finished is finished here too; a run left
   * by another application version is held with the reason, never silently lost.
   */
  private async reconcileUnfinished(): Promise<void> {
    for (const run of await this.records.unfinishedRuns()) {
      const status = await DBOS.getWorkflowStatus(run.id)
      if (status === null) {
        if (this.registry.get(run.workflow)) await this.enqueue(run.workflow, run.id)
        continue
      }
      if (status.status === 'CANCELLED' || status.status === 'ERROR' || status.status === 'SUCCESS') {
        await this.settleFinished(run, status.status)
      } else if (status.applicationVersion !== undefined && status.applicationVersion !== this.applicationVersion) {
        await this.records.hold(run.id, heldMessage(status.applicationVersion, this.applicationVersion))
        this.logger.warn({ runId: run.id, version: status.applicationVersion }, 'unfinished run of another version held')
      }
    }
  }

  private async settleFinished(run: RunRow, dbosStatus: string): Promise<void> {
    const at = this.now().toISOString()
    const status = dbosStatus === 'SUCCESS' ? 'succeeded' : dbosStatus === 'CANCELLED' ? 'cancelled' : 'failed'
    const error =
      status === 'failed' ? { code: 'TIEOUT_ERR_INTERNAL', message: 'the workflow ended with an error', transient: false } : null
    await this.records.cancelOpenSteps(run.id, at)
    if (await this.records.finishRun(run.id, status, at, error)) {
      await this.emit({ type: 'run-finished', runId: run.id, at, status, error: error && { code: error.code, message: error.message } })
    }
  }
}

/** A PostgreSQL session advisory lock on the key, held on one connection while `work` runs. */
function exclusive<T>(db: Kysely<Database>, key: string, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${key}))`.execute(connection)
    try {
      return await work()
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(connection)
    }
  })
}

function heldMessage(runVersion: string, current: string): string {
  return (
    `started under version ${runVersion}; this server runs ${current} and does not resume it. ` +
    'Finish it by starting that version against the same database, or cancel it and start a new run.'
  )
}

/** DBOS's own log lines, at debug level unless they warn. */
function dbosLogger(logger: EngineLogger): DLogger {
  const text = (entry: unknown) => (entry instanceof Error ? entry.message : typeof entry === 'string' ? entry : JSON.stringify(entry))
  return {
    debug: () => {},
    info: () => {},
    warn: (entry) => logger.warn({ source: 'dbos' }, text(entry)),
    error: (entry) => logger.error({ source: 'dbos', err: entry }, text(entry)),
  }
}
