import { type Static, Type } from 'typebox'
import { REVIEW_STATUSES } from '../result/types.ts'
import { TimestampSchema } from './common.ts'

export const ReviewStatusSchema = Type.Enum(REVIEW_STATUSES)

export const ReviewInputSchema = Type.Object(
  {
    lineKey: Type.String({ minLength: 1, maxLength: 512 }),
    status: ReviewStatusSchema,
    comment: Type.String({ maxLength: 4_000 }),
  },
  { additionalProperties: false },
)

/** A batch of review changes; each becomes a new, append-only record (methodology §8). */
export const PutReviewsBodySchema = Type.Object(
  { reviews: Type.Array(ReviewInputSchema, { minItems: 1, maxItems: 5_000 }) },
  { additionalProperties: false },
)
export type PutReviewsBody = Static<typeof PutReviewsBodySchema>

export const ReviewEntrySchema = Type.Object({
  lineKey: Type.String(),
  status: ReviewStatusSchema,
  comment: Type.String(),
  reviewer: Type.String(),
  reviewedAt: TimestampSchema,
  /** The run the review was made on: another run's id when carried forward from an earlier run. */
  runId: Type.String(),
  carriedForward: Type.Boolean(),
})
export type ReviewEntry = Static<typeof ReviewEntrySchema>

export const ReviewsQuerySchema = Type.Object(
  { history: Type.Optional(Type.Enum(['0', '1', 'true', 'false'])) },
  { additionalProperties: false },
)

export const ReviewsResponseSchema = Type.Object({
  runId: Type.String(),
  /** The latest review of each line key, carried forward from earlier runs of the same scope. */
  reviews: Type.Array(ReviewEntrySchema),
  /** Every record, oldest first; only with `?history=1`. */
  history: Type.Optional(Type.Array(ReviewEntrySchema)),
})
export type ReviewsResponse = Static<typeof ReviewsResponseSchema>

export const PutReviewsResponseSchema = Type.Object({
  runId: Type.String(),
  saved: Type.Integer(),
  reviews: Type.Array(ReviewEntrySchema),
})
export type PutReviewsResponse = Static<typeof PutReviewsResponseSchema>

export const SignoffBodySchema = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 4_000 })) }, { additionalProperties: false })
export type SignoffBody = Static<typeof SignoffBodySchema>

/** `POST /api/runs/:id/reopen`: why the sign-off is reopened (kept in the appendix). */
export const ReopenBodySchema = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2_000 }) }, { additionalProperties: false })
export type ReopenBody = Static<typeof ReopenBodySchema>

export const ReopenResponseSchema = Type.Object({
  runId: Type.String(),
  reopenedBy: Type.String(),
  at: TimestampSchema,
  reason: Type.String(),
})
export type ReopenResponse = Static<typeof ReopenResponseSchema>
