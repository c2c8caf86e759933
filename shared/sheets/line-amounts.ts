import type { Decimal, Review, RunResult } from '../result/types.ts'
import { amountChanged, type SheetReview } from './review.ts'

/**
 * The amount a review was made against, per reviewable row key: a bridge line's LCY amount, a
 * tie-out group's unexplained LCY, a roll-forward bucket's variance LCY. The sheets compare a
 * carried review's amount then with the amount now.
 */
export function reviewedAmounts(result: RunResult): Map<string, Decimal | null> {
  const amounts = new Map<string, Decimal | null>()
  for (const bridge of result.bridges) for (const line of bridge.lines) amounts.set(line.key, line.amountLcy)
  for (const row of result.tieOut) amounts.set(row.key, row.unexplainedLcy)
  for (const bucket of result.rollForward) amounts.set(bucket.key, bucket.varianceLcy)
  return amounts
}

type Entry = Review & { readonly runId: string; readonly carriedForward: boolean }

/**
 * The latest review per row key as the sheets show it. A review made on an earlier run carries
 * that run's id and, when its result is at hand, the amount the reviewer saw.
 */
export function sheetReviews(entries: Iterable<Entry>, earlier: ReadonlyMap<string, RunResult>): Map<string, SheetReview> {
  const amountsOf = new Map<string, Map<string, Decimal | null>>()
  const reviews = new Map<string, SheetReview>()
  for (const entry of entries) {
    const review: Review = {
      lineKey: entry.lineKey,
      status: entry.status,
      comment: entry.comment,
      reviewer: entry.reviewer,
      reviewedAt: entry.reviewedAt,
    }
    if (!entry.carriedForward) {
      reviews.set(entry.lineKey, review)
      continue
    }
    const result = earlier.get(entry.runId)
    let amounts = amountsOf.get(entry.runId)
    if (amounts === undefined && result !== undefined) {
      amounts = reviewedAmounts(result)
      amountsOf.set(entry.runId, amounts)
    }
    reviews.set(entry.lineKey, { ...review, carriedFrom: { runId: entry.runId, amountLcy: amounts?.get(entry.lineKey) ?? null } })
  }
  return reviews
}

/** The earlier runs whose reviews were carried forward: their results are needed for the amounts then. */
export function carriedRunIds(entries: Iterable<{ readonly runId: string; readonly carriedForward: boolean }>): string[] {
  const ids = new Set<string>()
  for (const entry of entries) if (entry.carriedForward) ids.add(entry.runId)
  return [...ids]
}

/**
 * The latest reviews as sign-off counts them: a carried review whose row's amount changed since
 * its reviewer saw it is Open again, as the sheets show it.
 */
export function withChangedAmountsOpen<E extends Entry>(
  entries: readonly E[],
  earlier: ReadonlyMap<string, RunResult>,
  current: RunResult,
): E[] {
  const now = reviewedAmounts(current)
  const shown = sheetReviews(entries, earlier)
  return entries.map((entry) => {
    const then = shown.get(entry.lineKey)?.carriedFrom?.amountLcy ?? null
    return entry.carriedForward && amountChanged(then, now.get(entry.lineKey) ?? null) ? { ...entry, status: 'Open' } : entry
  })
}
