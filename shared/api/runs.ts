import { type Static, Type } from 'typebox'
import { CompanyCodeSchema, ErrorInfoSchema, PeriodSchema, RunIdSchema, TimestampSchema } from './common.ts'

export const RunStatusSchema = Type.Enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
export type RunStatus = Static<typeof RunStatusSchema>

export const StepStatusSchema = Type.Enum(['pending', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'])
export type StepStatus = Static<typeof StepStatusSchema>

export const AttemptOutcomeSchema = Type.Enum(['running', 'succeeded', 'retry', 'failed', 'cancelled', 'interrupted'])

/**
 * Where a run reads its extracts (methodology §3): `demo` (scale, seed), `files` (dir, below the server's
 * files root), `fileset` (filesetId of an upload) or `mssql`. One flat object rather than a union,
 * so a mistake is reported against the one field at fault; the server checks which fields a kind takes.
 */
export const RunSourceSchema = Type.Object(
  {
    kind: Type.Enum(['demo', 'files', 'fileset', 'mssql']),
    scale: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    seed: Type.Optional(Type.Integer({ minimum: 0 })),
    dir: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    filesetId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  },
  { additionalProperties: false },
)
export type RunSourceRequest = Static<typeof RunSourceSchema>

export const StartRunBodySchema = Type.Object(
  {
    period: PeriodSchema,
    entities: Type.Array(CompanyCodeSchema, { minItems: 1, maxItems: 100 }),
    source: Type.Optional(RunSourceSchema),
    /** Required (true) when the run would supersede a signed-off run of the same entities and period. */
    supersedeSignedOff: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type StartRunBody = Static<typeof StartRunBodySchema>

export const StartRunResponseSchema = Type.Object({ id: RunIdSchema, status: RunStatusSchema })
export type StartRunResponse = Static<typeof StartRunResponseSchema>

export const RunListQuerySchema = Type.Object(
  {
    period: Type.Optional(PeriodSchema),
    entity: Type.Optional(CompanyCodeSchema),
    status: Type.Optional(RunStatusSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
)
export type RunListQuery = Static<typeof RunListQuerySchema>

const NullableTimestamp = Type.Union([TimestampSchema, Type.Null()])
const NullableError = Type.Union([ErrorInfoSchema, Type.Null()])

export const RunSummarySchema = Type.Object({
  id: RunIdSchema,
  workflow: Type.String(),
  workflowVersion: Type.String(),
  status: RunStatusSchema,
  period: Type.String(),
  entities: Type.Array(Type.String()),
  preparer: Type.String(),
  createdAt: TimestampSchema,
  startedAt: NullableTimestamp,
  finishedAt: NullableTimestamp,
  error: NullableError,
  supersededBy: Type.Union([Type.String(), Type.Null()]),
})
export type RunSummary = Static<typeof RunSummarySchema>

export const RunListSchema = Type.Object({ runs: Type.Array(RunSummarySchema) })
export type RunList = Static<typeof RunListSchema>

export const AttemptDetailSchema = Type.Object({
  attempt: Type.Integer(),
  startedAt: TimestampSchema,
  finishedAt: NullableTimestamp,
  outcome: AttemptOutcomeSchema,
  transient: Type.Boolean(),
  error: NullableError,
  nextRetryAt: NullableTimestamp,
})
export type AttemptDetail = Static<typeof AttemptDetailSchema>

const SummaryValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])

export const StepDetailSchema = Type.Object({
  name: Type.String(),
  status: StepStatusSchema,
  attempts: Type.Integer(),
  startedAt: NullableTimestamp,
  finishedAt: NullableTimestamp,
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  outputFile: Type.Union([Type.String(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Union([Type.Record(Type.String(), SummaryValue), Type.Null()]),
  lastError: NullableError,
  attemptLog: Type.Array(AttemptDetailSchema),
})
export type StepDetail = Static<typeof StepDetailSchema>

/** The dates derived from the period (methodology §2), as stored on the run. */
export const PeriodDatesSchema = Type.Object({
  period: Type.String(),
  year: Type.Integer(),
  month: Type.Integer(),
  closingDate: Type.String(),
  periodStart: Type.String(),
  nextPeriodStart: Type.String(),
  yearStart: Type.String(),
  timingWindowStart: Type.String(),
  fxYear: Type.Integer(),
  fxMonth: Type.Integer(),
})

/** A sign-off withdrawn by a reviewer, with the reason given. */
export const ReopenedSchema = Type.Object({ by: Type.String(), at: TimestampSchema, reason: Type.String() })

export const SignoffSchema = Type.Object({
  runId: Type.String(),
  reviewer: Type.String(),
  comment: Type.String(),
  at: TimestampSchema,
  superseded: Type.Boolean(),
  supersededBy: Type.Union([Type.String(), Type.Null()]),
  /** Set when a reviewer reopened this sign-off; the run then needs a new one. */
  reopened: Type.Union([ReopenedSchema, Type.Null()]),
})
export type Signoff = Static<typeof SignoffSchema>

export const RunDetailSchema = Type.Object({
  ...RunSummarySchema.properties,
  input: Type.Object({
    period: Type.String(),
    entities: Type.Array(Type.String()),
    source: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  }),
  periodDates: PeriodDatesSchema,
  steps: Type.Array(StepDetailSchema),
  artifacts: Type.Object({ result: Type.Boolean(), workbook: Type.Boolean(), evidence: Type.Boolean() }),
  signoffs: Type.Array(SignoffSchema),
  /**
   * The journal's anchor of the evidence package, for an auditor to write down and give back to
   * `tieout verify --expect-*`: null where not yet known (before sealing, before the first record).
   */
  evidence: Type.Object({
    manifestHash: Type.Union([Type.String(), Type.Null()]),
    appendixHead: Type.Union([Type.String(), Type.Null()]),
    appendixCount: Type.Integer(),
    keyFingerprint: Type.Union([Type.String(), Type.Null()]),
  }),
  /** The signed-off runs this run superseded on request (`supersedeSignedOff: true`). */
  supersedesSignedOff: Type.Array(Type.String()),
  /** The instance (`TIEOUT_INSTANCE_ID`) executing the run, or that last executed it. */
  instance: Type.Union([Type.String(), Type.Null()]),
  /** Why an unfinished run does not proceed (started under another version); null otherwise. */
  heldReason: Type.Union([Type.String(), Type.Null()]),
})
export type RunDetail = Static<typeof RunDetailSchema>
