import { ERRORS, TieoutError, type ErrorCode } from '../../shared/errors.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import type { ExtractParams, SourceSpec } from '../sources/source.ts'
import type { ResolvedEntity } from '../../shared/entities.ts'
import type { ByteRange } from '../sources/files-csv.ts'
import type { LocatedFile } from '../sources/files-table.ts'

/**
 * The messages between the run's thread and an extract worker. Everything is plain data: an
 * error crosses as its code and parameters, so the retry policy on the other side still tells a
 * transient failure (retried) from a permanent one (fails the run at once).
 */
export type ExtractTask = {
  readonly kind: 'extract'
  readonly extract: ExtractId
  readonly runId: string
  readonly runDir: string
  readonly spec: SourceSpec
  readonly params: ExtractParams
}

/**
 * Compute step figures run beside the categorization of CR_03: those that do not need the
 * vouchers (`side`), and what IPE_08, its usage and Jdash give besides the voucher lookup (`vouchers`).
 */
export type ComputeSideTask = {
  readonly kind: 'compute-side'
  readonly figures: 'side' | 'vouchers'
  readonly runDir: string
  readonly period: string
  readonly entities: readonly ResolvedEntity[]
  readonly configDir: string
  /** SHA-256 of every configuration file as the run loaded it: the worker refuses other bytes. */
  readonly configSha256: readonly string[]
}

/** One byte range of a large delimited extract file: checked and written as canonical rows on its own. */
export type ExtractPartTask = {
  readonly kind: 'extract-part'
  readonly extract: ExtractId
  readonly file: LocatedFile
  readonly range: ByteRange
  /** Where the part's canonical rows go; the first part's start with the header. */
  readonly outPath: string
  readonly withHeader: boolean
}

export type WorkerTask = ExtractTask | ExtractPartTask | ComputeSideTask

export type ToWorker =
  { readonly type: 'run'; readonly id: number; readonly task: WorkerTask } | { readonly type: 'abort'; readonly id: number }

export type FromWorker =
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number | null; readonly message?: string }
  | { readonly type: 'done'; readonly id: number; readonly output: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly error: WireError }

export type WireError =
  | { readonly kind: 'tieout'; readonly code: ErrorCode; readonly params: Readonly<Record<string, string>> }
  | {
      readonly kind: 'other'
      readonly name: string
      readonly message: string
      readonly code?: string
      readonly transient?: boolean
      readonly stack?: string
    }

export function errorToWire(error: unknown): WireError {
  if (error instanceof TieoutError) return { kind: 'tieout', code: error.code, params: { ...error.params } }
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {}
  return {
    kind: 'other',
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof record.code === 'string' ? { code: record.code } : {}),
    ...(typeof record.transient === 'boolean' ? { transient: record.transient } : {}),
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  }
}

/** The error as it was thrown in the worker: same class for ours, same code and transient flag for others. */
export function errorFromWire(wire: WireError): Error {
  if (wire.kind === 'tieout' && wire.code in ERRORS) return new TieoutError(wire.code, { ...wire.params })
  if (wire.kind === 'tieout') return new TieoutError('TIEOUT_ERR_INTERNAL', { detail: `unknown error code ${String(wire.code)}` })
  const error = new Error(wire.message) as Error & { code?: string; transient?: boolean }
  error.name = wire.name
  if (wire.code !== undefined) error.code = wire.code
  if (wire.transient !== undefined) error.transient = wire.transient
  if (wire.stack !== undefined) error.stack = wire.stack
  return error
}
