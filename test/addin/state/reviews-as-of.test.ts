import { describe, expect, it } from 'vitest'
import type { ReviewEntry } from '../../../shared/api/reviews.ts'
import { latestReviewTime, reviewsAsOf } from '../../../addin/state/reviews-as-of.ts'

const entry = (o: Partial<ReviewEntry>): ReviewEntry => ({
  lineKey: 'timing|EC_NG|V1',
  status: 'Explained',
  comment: '',
  reviewer: 'demo-reviewer',
  reviewedAt: '2025-10-06T09:00:00.000Z',
  runId: 'r2',
  carriedForward: false,
  ...o,
})

describe('reviews as of a time', () => {
  it("takes each key's last record up to the time, ignoring later ones", () => {
    const history = [
      entry({ status: 'Needs info', reviewedAt: '2025-10-06T09:00:00.000Z' }),
      entry({ status: 'Explained', reviewedAt: '2025-10-06T10:00:00.000Z' }),
      entry({ status: 'Rejected', reviewedAt: '2025-10-07T08:00:00.000Z' }),
    ]
    const latest = [entry({ status: 'Accepted', lineKey: 'vtc|EC_NG|V9', carriedForward: true, reviewedAt: '2025-09-06T10:00:00.000Z' })]
    const asOf = reviewsAsOf(latest, history, '2025-10-06T10:00:00.000Z')
    expect([...asOf.values()].map((r) => [r.lineKey, r.status])).toEqual([
      ['vtc|EC_NG|V9', 'Accepted'],
      ['timing|EC_NG|V1', 'Explained'],
    ])
    expect(latestReviewTime(history)).toBe('2025-10-07T08:00:00.000Z')
  })
})
