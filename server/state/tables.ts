import type { Generated, Insertable, Selectable } from 'kysely'

/**
 * The state store's tables (PostgreSQL, schema `tieout`). Timestamps are ISO 8601 UTC text
 * (`2025-10-01T08:00:00.000Z`), which compares in time order as text; booleans are 0/1 integers.
 * JSON columns are text written and read by the application.
 */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled']
export const UNFINISHED_RUN_STATUSES: readonly RunStatus[] = ['queued', 'running']

export type StepStatus = 'pending' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'cancelled'

/** `interrupted`: the process stopped (shutdown or crash) while the attempt ran; it does not count. */
export type AttemptOutcome = 'running' | 'succeeded' | 'retry' | 'failed' | 'cancelled' | 'interrupted'

export type RunsTable = {
  id: string
  workflow: string
  workflow_version: string
  /** RunInput as JSON. */
  input: string
  status: RunStatus
  preparer: string
  period: string
  /** Sorted company codes joined by commas: runs of the same entity set share this text. */
  entities: string
  idempotency_key: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  error_code: string | null
  error_message: string | null
  result_path: string | null
  workbook_path: string | null
  evidence_path: string | null
  superseded_by: string | null
  /** SHA-256 of the sealed package's manifest.json; null until the evidence step seals it. */
  manifest_sha256: Generated<string | null>
  /** SHA-256 of the last appendix record; null before the first review or sign-off record. */
  appendix_head: Generated<string | null>
  appendix_count: Generated<number>
  /** Fingerprint of the key that signs the package's appendix. */
  signing_key_fingerprint: Generated<string | null>
  /** Number of the run's last event (events are numbered per run from 1). */
  event_seq: Generated<number>
  /** The instance (`TIEOUT_INSTANCE_ID`) executing or last executing the run. */
  executor_id: Generated<string | null>
  /** Why an unfinished run does not proceed (left by an instance of another version); null otherwise. */
  held_reason: Generated<string | null>
}

export type RunEventsTable = {
  run_id: string
  seq: number
  type: string
  step: string | null
  /** The RunEvent as JSON. */
  event: string
}

export type RunEntitiesTable = { run_id: string; entity: string }

export type RunStepsTable = {
  run_id: string
  name: string
  /** Order of the step in its workflow definition. */
  position: number
  status: StepStatus
  attempts: number
  started_at: string | null
  finished_at: string | null
  output_file: string | null
  sha256: string | null
  /** StepOutput.summary as JSON. */
  summary: string | null
  error_code: string | null
  error_message: string | null
}

export type StepAttemptsTable = {
  run_id: string
  step: string
  attempt: number
  started_at: string
  finished_at: string | null
  outcome: AttemptOutcome
  error_code: string | null
  error_message: string | null
  transient: number
  next_retry_at: string | null
}

export type ApiTokensTable = {
  id: string
  name: string
  role: string
  token_sha256: string
  created_at: string
  revoked_at: string | null
}

export type ReviewsTable = {
  /** Monotonic: the latest review of a key is the one with the highest id. */
  id: Generated<number>
  run_id: string
  line_key: string
  entity: string
  period: string
  status: string
  comment: string
  reviewer: string
  at: string
}

export type SignoffsTable = {
  id: Generated<number>
  run_id: string
  reviewer: string
  comment: string
  at: string
  superseded: number
  superseded_by: string | null
  /** Set when a reviewer reopened this sign-off: the run needs a new one. */
  reopened_by: Generated<string | null>
  reopened_at: Generated<string | null>
  reopen_reason: Generated<string | null>
}

export type Database = {
  runs: RunsTable
  run_entities: RunEntitiesTable
  run_steps: RunStepsTable
  step_attempts: StepAttemptsTable
  run_events: RunEventsTable
  api_tokens: ApiTokensTable
  reviews: ReviewsTable
  signoffs: SignoffsTable
}

export type RunRow = Selectable<RunsTable>
export type NewRun = Insertable<RunsTable>
export type RunStepRow = Selectable<RunStepsTable>
export type StepAttemptRow = Selectable<StepAttemptsTable>
export type ApiTokenRow = Selectable<ApiTokensTable>
export type ReviewRow = Selectable<ReviewsTable>
export type SignoffRow = Selectable<SignoffsTable>
