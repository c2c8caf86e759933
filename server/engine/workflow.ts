import type { ExtractId } from '../../shared/extracts/schema.ts'

/**
 * A run is a versioned workflow definition of named steps. Definitions are data plus injected
 * implementations; the engine (DBOS on PostgreSQL) records and executes them.
 */
export type RetryPolicy = {
  readonly initialMs: number
  readonly factor: number
  readonly capMs: number
  readonly maxAttempts: number
}

export const DEFAULT_RETRY: RetryPolicy = { initialMs: 1_000, factor: 2, capMs: 60_000, maxAttempts: 5 }

export type RunSource =
  | { readonly kind: 'demo'; readonly scale: number; readonly seed?: number }
  | { readonly kind: 'files'; readonly dir: string }
  | { readonly kind: 'fileset'; readonly filesetId: string }
  /** SQL Server; the Jdash export (a file, never a query) from a folder or an uploaded fileset. */
  | { readonly kind: 'mssql'; readonly jdashDir?: string; readonly jdashFilesetId?: string }

/** What a run was asked to do: stored with the run, the only input of every step. */
export type RunInput = {
  readonly period: string
  readonly entities: readonly string[]
  readonly source: RunSource
  readonly preparer: string
  /** Signed-off runs of the same entities and period this run supersedes, as its preparer asked. */
  readonly supersedesSignedOff?: readonly string[]
}

export type StepProgress = (done: number, total: number | null, message?: string) => void

/** One attempt of one step, as the evidence package's `steps.json` records it (methodology §10). */
export type StepLogEntry = {
  readonly step: string
  readonly attempt: number
  readonly outcome: string
  readonly startedAt: string
  readonly finishedAt: string | null
  readonly durationMs: number | null
  readonly transient: boolean
  readonly nextRetryAt: string | null
  readonly error: { readonly code: string; readonly message: string } | null
}

export type StepContext = {
  readonly runId: string
  /** The run's working directory: step outputs live here, written atomically. */
  readonly runDir: string
  readonly input: RunInput
  readonly attempt: number
  readonly signal: AbortSignal
  readonly progress: StepProgress
  /** The run's step attempts so far (engines that record them provide it). */
  readonly stepLog?: () => Promise<readonly StepLogEntry[]>
  /**
   * Runs `work` while no other step holding the same key runs, in any process sharing the engine's
   * database (engines with shared state provide it).
   */
  readonly exclusive?: <T>(key: string, work: () => Promise<T>) => Promise<T>
}

/** What a finished step leaves in the run's records: an output file and its hash, plus a summary. */
export type StepOutput = {
  readonly file?: string
  readonly sha256?: string
  readonly summary?: Readonly<Record<string, string | number | boolean | null>>
}

export type StepDef = {
  /** Unique within the workflow: `extract:CR_03`, `compute`, `evidence`. */
  readonly name: string
  readonly dependsOn: readonly string[]
  readonly retry: RetryPolicy
  /** Must be idempotent per run id and step name: a resumed run may call it again after a crash. */
  readonly run: (context: StepContext) => Promise<StepOutput>
}

export type WorkflowDef = {
  readonly name: string
  /** Part of the engine's application version: a run started under another one is held, not resumed. */
  readonly version: string
  readonly steps: (input: RunInput) => readonly StepDef[]
}

export type ExtractStepName = `extract:${ExtractId}`
