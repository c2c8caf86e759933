import type { ReviewEntry } from '../../shared/api/reviews.ts'
import type { Review } from '../../shared/result/types.ts'

/** The latest review of each key, as a map the sheet builder takes. */
export function reviewMap(entries: readonly Review[]): Map<string, Review> {
  return new Map(entries.map((entry) => [entry.lineKey, entry]))
}

/** The newest review time the server returned: the moment the sheets show reviews as of. */
export function latestReviewTime(entries: readonly ReviewEntry[]): string {
  return entries.reduce((max, entry) => (entry.reviewedAt > max ? entry.reviewedAt : max), '')
}

/**
 * The reviews as they stood at `asOf` (ISO; string order is time order): what a workbook written
 * then shows, so a reopened pane compares the sheet with what was written, not with reviews
 * others saved since.
 */
export function reviewsAsOf(latest: readonly ReviewEntry[], history: readonly ReviewEntry[], asOf: string): Map<string, ReviewEntry> {
  const reviews = new Map<string, ReviewEntry>()
  for (const entry of latest) if (entry.carriedForward && entry.reviewedAt <= asOf) reviews.set(entry.lineKey, entry)
  for (const entry of history) if (entry.reviewedAt <= asOf) reviews.set(entry.lineKey, entry)
  return reviews
}
