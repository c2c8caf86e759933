import type { Review } from '../result/types.ts'
import { dateTimeCell } from './cells.ts'
import { column } from './columns.ts'
import { REVIEW_STATUSES } from './model.ts'

/**
 * The review columns of every reviewable sheet (SPEC §8). Status and comment are what a reviewer
 * types; reviewer and time are filled by the server from the signed-in identity, so they are shown
 * but stay locked.
 */
export const REVIEW_COLUMNS = [
  column('reviewStatus', 'Review status', 'status', 14, { review: true, choices: REVIEW_STATUSES }),
  column('reviewComment', 'Comment', 'text', 40, { review: true }),
  column('reviewer', 'Reviewer', 'text', 20),
  column('reviewedAt', 'Reviewed at (UTC)', 'datetime', 20),
] as const

export const OPEN_STATUS = REVIEW_STATUSES[0]

/** The latest review of a row, or "Open" when the row awaits one; empty when none is asked for. */
export function reviewValues(review: Review | undefined, awaitsReview: boolean) {
  if (review === undefined) {
    return { reviewStatus: awaitsReview ? OPEN_STATUS : null, reviewComment: null, reviewer: null, reviewedAt: null }
  }
  return {
    reviewStatus: review.status,
    reviewComment: review.comment === '' ? null : review.comment,
    reviewer: review.reviewer === '' ? null : review.reviewer,
    reviewedAt: dateTimeCell(review.reviewedAt),
  }
}
