import type { PutReviewsBody, ReviewEntry } from '../../../../shared/api/reviews.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import type { RunRow, SignoffRow } from '../../../state/tables.ts'
import type { ReviewLine } from '../review-lines.ts'
import type { NewReview } from './repository.ts'

/** Reviews attach to lines of a finished result: each key must be one of the run's lines, once. */
export function reviewsOf(run: RunRow, body: PutReviewsBody, lines: ReadonlyMap<string, ReviewLine>): NewReview[] {
  assertSucceeded(run, 'reviewed')
  const seen = new Set<string>()
  return body.reviews.map((review, index) => {
    const line = lines.get(review.lineKey)
    if (!line) throw badReview(index, `"${review.lineKey}" is not a reviewable line of run ${run.id}`)
    if (seen.has(review.lineKey)) throw badReview(index, `"${review.lineKey}" appears more than once in the batch`)
    seen.add(review.lineKey)
    return { lineKey: review.lineKey, entity: line.entity, status: review.status, comment: review.comment }
  })
}

/**
 * SPEC §8: a reviewer who is not the run's preparer signs off a succeeded, current run once, and
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
  const current = signoffs.find((signoff) => signoff.superseded === 0)
  if (current) {
    throw new TieoutError('TIEOUT_ERR_CONFLICT', {
      detail: `run ${run.id} was already signed off by ${current.reviewer} at ${current.at}`,
    })
  }
}

export function openMaterialItems(lines: ReadonlyMap<string, ReviewLine>, latest: readonly ReviewEntry[]): string[] {
  const status = new Map(latest.map((review) => [review.lineKey, review.status]))
  const open: string[] = []
  for (const line of lines.values()) {
    if (line.material && (status.get(line.key) ?? 'Open') === 'Open') open.push(line.key)
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
