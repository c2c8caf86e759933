import type { PutReviewsBody, ReviewEntry } from '../../../../shared/api/reviews.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import type { RunRow, SignoffRow } from '../../../state/tables.ts'
import type { ReviewLine } from '../review-lines.ts'
import type { NewReview } from './repository.ts'

/**
 * Reviews attach to lines of a finished result: each key must be one of the run's lines, once.
 * Segregation of duties (methodology §8): the run's preparer, whatever their role, cannot close a
 * material line of it.
 */
export function reviewsOf(run: RunRow, reviewer: string, body: PutReviewsBody, lines: ReadonlyMap<string, ReviewLine>): NewReview[] {
  assertSucceeded(run, 'reviewed')
  const seen = new Set<string>()
  return body.reviews.map((review, index) => {
    const line = lines.get(review.lineKey)
    if (!line) throw badReview(index, `"${review.lineKey}" is not a reviewable line of run ${run.id}`)
    if (seen.has(review.lineKey)) throw badReview(index, `"${review.lineKey}" appears more than once in the batch`)
    seen.add(review.lineKey)
    if (line.material && review.status !== 'Open' && reviewer === run.preparer) {
      throw new TieoutError('TIEOUT_ERR_FORBIDDEN', {
        detail: `reviews[${index}]: ${reviewer} prepared run ${run.id} and cannot close its material line "${review.lineKey}"; another reviewer must`,
      })
    }
    return { lineKey: review.lineKey, entity: line.entity, status: review.status, comment: review.comment }
  })
}

/**
 * methodology §8: a reviewer who is not the run's preparer signs off a succeeded, current run once, and
 * only when no material line is Open (a line never reviewed is Open).
 */
export function assertSignoffAllowed(run: RunRow, reviewer: string, signoffs: readonly SignoffRow[]): void {
  assertSucceeded(run, 'signed off')
  if (run.superseded_by !== null) {
    throw new TieoutError('TIEOUT_ERR_CONFLICT', {
      detail: `run ${run.id} was superseded by run ${run.superseded_by}; sign off the newer run`,
    })
  }
  if (reviewer === run.preparer) {
    throw new TieoutError('TIEOUT_ERR_FORBIDDEN', { detail: `${reviewer} prepared run ${run.id} and cannot sign it off` })
  }
  const current = signoffs.find((signoff) => signoff.superseded === 0 && signoff.reopened_at === null)
  if (current) {
    throw new TieoutError('TIEOUT_ERR_CONFLICT', {
      detail: `run ${run.id} was already signed off by ${current.reviewer} at ${current.at}`,
    })
  }
}

/**
 * The material items that block sign-off: never reviewed, reviewed Open, or closed only by the
 * run's preparer (a review carried forward from an earlier run included).
 */
export function openMaterialItems(lines: ReadonlyMap<string, ReviewLine>, latest: readonly ReviewEntry[], preparer: string): ReviewLine[] {
  const reviews = new Map(latest.map((review) => [review.lineKey, review]))
  const open: ReviewLine[] = []
  for (const line of lines.values()) {
    if (!line.material) continue
    const review = reviews.get(line.key)
    if (!review || review.status === 'Open' || review.reviewer === preparer) open.push(line)
  }
  return open
}

function assertSucceeded(run: RunRow, action: string): void {
  if (run.status !== 'succeeded') {
    throw new TieoutError('TIEOUT_ERR_CONFLICT', {
      detail: `run ${run.id} is ${run.status}; only a succeeded run can be ${action}`,
    })
  }
}

function badReview(index: number, detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `reviews[${index}].lineKey: ${detail}` })
}
