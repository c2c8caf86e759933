import { type Static, Type } from 'typebox'

/**
 * Primitives of the HTTP API shared by the server and the add-in. Schemas are data; TypeScript
 * types are derived with `Static`, so each shape is written once.
 */
export const PERIOD_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$'
export const COMPANY_CODE_PATTERN = '^[A-Za-z0-9]{1,12}(_[A-Za-z0-9]{1,12})*$'
export const RUN_ID_PATTERN = '^[A-Za-z0-9-]{1,64}$'
export const TOKEN_NAME_PATTERN = '^[A-Za-z0-9._-]{1,64}$'

/** What a failed pattern means, in words a user can act on (validation messages name the field). */
export const PATTERN_HINTS: ReadonlyMap<string, string> = new Map([
  [PERIOD_PATTERN, 'must be YYYY-MM with a month from 01 to 12'],
  [COMPANY_CODE_PATTERN, 'must be a company code such as EC_NG'],
  [RUN_ID_PATTERN, 'must be a run id'],
  [TOKEN_NAME_PATTERN, 'must be 1 to 64 letters, digits, dots, dashes or underscores'],
])

export const PeriodSchema = Type.String({ pattern: PERIOD_PATTERN, description: 'month N, YYYY-MM' })
export const CompanyCodeSchema = Type.String({ pattern: COMPANY_CODE_PATTERN, maxLength: 32 })
export const RunIdSchema = Type.String({ pattern: RUN_ID_PATTERN })
/** ISO 8601 UTC timestamp, e.g. `2025-10-01T08:00:00.000Z`. */
export const TimestampSchema = Type.String({ description: 'ISO 8601 UTC timestamp' })

export const ErrorInfoSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
})
export type ErrorInfo = Static<typeof ErrorInfoSchema>

/** One item that blocks sign-off: a material line still Open (or closed only by the run's preparer). */
export const OpenItemSchema = Type.Object({
  kind: Type.Enum(['bridge', 'tie-out', 'roll-forward']),
  lineKey: Type.String(),
  /** The title of a bridge line's bridge ("Timing difference"); null for tie-out groups and roll-forward buckets. */
  bridge: Type.Union([Type.String(), Type.Null()]),
  entity: Type.String(),
  businessKey: Type.String(),
  /** Decimal string such as "-1234.50"; null when the USD figure is unknown (FX missing). */
  amountUsd: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
})
export type OpenItem = Static<typeof OpenItemSchema>

export const ErrorBodySchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    /** Sign-off refused: the material line keys still Open (methodology §8). */
    openItems: Type.Optional(Type.Array(Type.String())),
    /** Sign-off refused: the same items, described (same order as `openItems`). */
    items: Type.Optional(Type.Array(OpenItemSchema)),
  }),
})
export type ErrorBody = Static<typeof ErrorBodySchema>

export const RoleSchema = Type.Enum(['preparer', 'reviewer', 'auditor', 'admin'])
export type Role = Static<typeof RoleSchema>
export const ROLES: readonly Role[] = ['preparer', 'reviewer', 'auditor', 'admin']

export const PageQuerySchema = Type.Object(
  {
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1_000 })),
  },
  { additionalProperties: false },
)

/** `GET /api/me`: who the bearer token belongs to, so clients offer only what that role may do. */
export const MeSchema = Type.Object({
  id: Type.String(),
  roles: Type.Array(RoleSchema),
  via: Type.Enum(['token', 'oidc']),
})
export type Me = Static<typeof MeSchema>
