import { type Static, Type } from 'typebox'
import { ErrorInfoSchema, TimestampSchema } from './common.ts'
import { RunStatusSchema } from './runs.ts'

/**
 * Progress of a run as the server streams it (SSE `event:` = `type`, `id:` = `seq`). A late
 * subscriber first receives the events kept so far, then live ones; `run-finished` is the last.
 */
const base = { runId: Type.String(), seq: Type.Integer(), at: TimestampSchema }

export const RunStartedEventSchema = Type.Object({ type: Type.Literal('run-started'), ...base })

export const StepStartedEventSchema = Type.Object({
  type: Type.Literal('step-started'),
  ...base,
  step: Type.String(),
  attempt: Type.Integer(),
})

export const StepProgressEventSchema = Type.Object({
  type: Type.Literal('step-progress'),
  ...base,
  step: Type.String(),
  done: Type.Number(),
  total: Type.Union([Type.Number(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
})

export const StepRetriedEventSchema = Type.Object({
  type: Type.Literal('step-retried'),
  ...base,
  step: Type.String(),
  attempt: Type.Integer(),
  /** Wait before the next attempt, in milliseconds. */
  delayMs: Type.Integer(),
  error: ErrorInfoSchema,
})

export const StepFinishedEventSchema = Type.Object({
  type: Type.Literal('step-finished'),
  ...base,
  step: Type.String(),
  attempt: Type.Integer(),
  durationMs: Type.Integer(),
})

export const StepFailedEventSchema = Type.Object({
  type: Type.Literal('step-failed'),
  ...base,
  step: Type.String(),
  attempt: Type.Integer(),
  error: ErrorInfoSchema,
})

export const RunFinishedEventSchema = Type.Object({
  type: Type.Literal('run-finished'),
  ...base,
  status: RunStatusSchema,
  error: Type.Union([ErrorInfoSchema, Type.Null()]),
})

export const RunEventSchema = Type.Union([
  RunStartedEventSchema,
  StepStartedEventSchema,
  StepProgressEventSchema,
  StepRetriedEventSchema,
  StepFinishedEventSchema,
  StepFailedEventSchema,
  RunFinishedEventSchema,
])
export type RunEvent = Static<typeof RunEventSchema>
export type RunEventType = RunEvent['type']

/** An event before the engine numbers it. */
export type RunEventDraft = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'seq'> : never) : never
