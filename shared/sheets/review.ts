import type { Decimal, Review } from '../result/types.ts'
import { amountText, dateTimeCell, shortRunId } from './cells.ts'
import { column } from './columns.ts'
import { REVIEW_STATUSES } from './model.ts'

/** Where a review carried forward from an earlier run of the same scope was made (methodology §8). */
export type CarriedFrom = {
  readonly runId: string
  /** The line's LCY amount in that run; null when that run's result could not be read. */
  readonly amountLcy: Decimal | null
}

/** A review as the sheets show it: the latest record of a line, perhaps carried from an earlier run. */
export type SheetReview = Review & { readonly carriedFrom?: CarriedFrom }

/**
 * The review columns of every reviewable sheet (methodology §8). Status and comment are what a reviewer
 * types; reviewer and time are filled by the server from the signed-in identity, so they are shown
 * but stay locked. A carried review says so in the Reviewer cell.
 */
export const REVIEW_COLUMNS = [
  column('reviewStatus', 'Review status', 'status', 11, { review: true, choices: REVIEW_STATUSES }),
  column('reviewComment', 'Comment', 'text', 20, { review: true, wrap: true }),
  column('reviewer', 'Reviewer', 'text', 14, { wrap: true }),
  column('reviewedAt', 'Reviewed at (UTC)', 'datetime', 16),
] as const

export const OPEN_STATUS = REVIEW_STATUSES[0]

/** A carried review is reset to Open when the row's amount differs from the one its reviewer saw. */
export function amountChanged(then: Decimal | null, now: Decimal | null): boolean {
  return then !== null && now !== null && Number(then) !== Number(now)
}

/**
 * The latest review of a row, or "Open" when the row awaits one; empty when none is asked for. A
 * review carried from an earlier run reads "carried from run <id>, <date>, amount then <x>"; when the
 * amount has changed since, the row is back to Open with that note.
 */
export function reviewValues(review: SheetReview | undefined, awaitsReview: boolean, amountNow: Decimal | null = null) {
  if (review === undefined) {
    return { reviewStatus: awaitsReview ? OPEN_STATUS : null, reviewComment: null, reviewer: null, reviewedAt: null }
  }
  const carried = review.carriedFrom
  const by = review.reviewer === '' ? null : review.reviewer
  if (carried === undefined) {
    return {
      reviewStatus: review.status,
      reviewComment: review.comment === '' ? null : review.comment,
      reviewer: by,
      reviewedAt: dateTimeCell(review.reviewedAt),
    }
  }
  const then = carried.amountLcy === null ? '' : `, amount then ${amountText(carried.amountLcy)}`
  const note = `carried from run ${shortRunId(carried.runId)}, ${review.reviewedAt.slice(0, 10)}${then}`
  if (amountChanged(carried.amountLcy, amountNow)) {
    return {
      reviewStatus: OPEN_STATUS,
      reviewComment: null,
      reviewer: `Reset to Open, amount changed: ${note} (${review.status})`,
      reviewedAt: null,
    }
  }
  return {
    reviewStatus: review.status,
    reviewComment: review.comment === '' ? null : review.comment,
    reviewer: `${by ?? ''}${by === null ? '' : '; '}${note}`,
    reviewedAt: dateTimeCell(review.reviewedAt),
  }
}
