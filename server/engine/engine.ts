import type { RunEvent } from '../../shared/api/events.ts'
import type { RunInput, WorkflowDef } from './workflow.ts'

/**
 * The run engine as the rest of the server sees it: durable workflows on DBOS (server/engine/
 * dbos-engine.ts), runs queued across every instance sharing the database, events readable from
 * any of them.
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
  /**
   * Starts executing: recovers this instance's unfinished runs from their last completed step,
   * takes queued runs, and marks runs left by another version as held. Call once, after register.
   */
  launch(): Promise<void>
  /** Records the run and its steps, queues it, and returns its id. */
  start(workflowName: string, input: RunInput, options?: StartOptions): Promise<string>
  /** Marks the run cancelled and aborts its in-flight steps wherever they run; false when it had already finished. */
  cancel(runId: string): Promise<boolean>
  /** Replay then live events of one run, from whichever instance executes it; in order. */
  events(runId: string, listener: RunEventListener): Promise<EventSubscription>
  /** Every event of every run seen by this instance (metrics, supersession). */
  onEvent(listener: RunEventListener): () => void
  /** Resolves when the run has finished, and its execution in this process (if any) has settled. */
  settled(runId: string): Promise<void>
  /** Stops executing: in-flight steps are aborted and stay resumable. */
  close(): Promise<void>
}
