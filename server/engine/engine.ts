import type { RunEvent } from '../../shared/api/events.ts'
import type { RunInput, WorkflowDef } from './workflow.ts'

/**
 * The run engine as the rest of the server sees it. The embedded implementation journals to the
 * state store and executes in-process; a DBOS implementation would keep this interface.
 */
export type StartOptions = {
  /** A repeated start with the same key and the same input returns the first run's id. */
  readonly idempotencyKey?: string
}

export type RunEventListener = (event: RunEvent) => void

export type EventSubscription = {
  /** Events kept so far for the run, oldest first (bounded: progress is coalesced per step). */
  readonly replay: readonly RunEvent[]
  readonly unsubscribe: () => void
}

export interface RunEngine {
  register(workflow: WorkflowDef): void
  workflow(name: string): WorkflowDef | undefined
  /** Journals the run and its steps, schedules it, and returns its id. */
  start(workflowName: string, input: RunInput, options?: StartOptions): Promise<string>
  /** Aborts the run's in-flight steps and marks it cancelled; false when it had already finished. */
  cancel(runId: string): Promise<boolean>
  /** Resumes every queued or running run from its last completed step. */
  resumeUnfinished(): Promise<readonly string[]>
  /** Replay then live events of one run; the listener is called synchronously, in order. */
  events(runId: string, listener: RunEventListener): EventSubscription
  /** Every event of every run (metrics, supersession). */
  onEvent(listener: RunEventListener): () => void
  /** Resolves when the run's execution in this process has settled (tests, CLI). */
  settled(runId: string): Promise<void>
  /** Stops executing: in-flight steps are aborted and stay resumable. */
  close(): Promise<void>
}
