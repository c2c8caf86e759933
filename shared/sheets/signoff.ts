import type { RunDetail } from '../api/runs.ts'
import type { Review } from '../result/types.ts'
import { dateTimeCell } from './cells.ts'

type Who = { readonly by: string; readonly at: string }

/**
 * The sign-off state a workbook shows on its Summary (methodology §8, §10): who prepared, last reviewed and
 * signed off the run, whether it was reopened or superseded, and the hashes that tie the workbook to
 * its evidence package. The caller says which moment it describes (`asOf`).
 */
export type WorkpaperStatus = {
  readonly preparedBy: string | null
  readonly preparedAt: string | null
  readonly lastReview: Who | null
  readonly signedOff: (Who & { readonly comment: string }) | null
  readonly reopened: (Who & { readonly reason: string }) | null
  readonly supersededBy: string | null
  readonly manifestHash: string | null
  readonly appendixHead: string | null
  readonly appendixCount: number | null
  /** "sealed in the evidence package", "downloaded 2025-10-06 10:00:00 UTC". */
  readonly asOf: string
}

/** The state at sealing: the run is prepared, nothing is reviewed or signed off yet. */
export function sealedStatus(preparedBy: string | null, preparedAt: string | null): WorkpaperStatus {
  return {
    preparedBy,
    preparedAt,
    lastReview: null,
    signedOff: null,
    reopened: null,
    supersededBy: null,
    manifestHash: null,
    appendixHead: null,
    appendixCount: null,
    asOf: 'the copy sealed in the evidence package, as at sealing',
  }
}

type Detail = Pick<RunDetail, 'preparer' | 'createdAt' | 'finishedAt' | 'signoffs' | 'supersededBy'> & {
  readonly evidence?: RunDetail['evidence']
}

/** The state of a run as its detail (`GET /api/runs/:id`) and its latest reviews describe it. */
export function statusFromRun(detail: Detail, reviews: Iterable<Review>, asOf: string): WorkpaperStatus {
  let lastReview: Who | null = null
  for (const review of reviews) {
    if (review.reviewer === '' || review.reviewedAt === '') continue
    if (lastReview === null || review.reviewedAt > lastReview.at) lastReview = { by: review.reviewer, at: review.reviewedAt }
  }
  const latest = [...detail.signoffs].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).at(-1)
  const reopened = latest?.reopened ?? null
  return {
    preparedBy: detail.preparer,
    preparedAt: detail.finishedAt ?? detail.createdAt,
    lastReview,
    signedOff: latest === undefined || reopened !== null ? null : { by: latest.reviewer, at: latest.at, comment: latest.comment },
    reopened: reopened === null ? null : { by: reopened.by, at: reopened.at, reason: reopened.reason },
    supersededBy: detail.supersededBy,
    manifestHash: detail.evidence?.manifestHash ?? null,
    appendixHead: detail.evidence?.appendixHead ?? null,
    appendixCount: detail.evidence?.appendixCount ?? null,
    asOf,
  }
}

export type StatusLine = { readonly text: string; readonly alert: boolean }

const at = (value: string | null): string => (value === null ? '' : ` at ${dateTimeCell(value) ?? value} UTC`)

/**
 * The sign-off block, line by line, always the same number of lines so a refreshed block fits the
 * sheet as written; alerts (not signed off, reopened, superseded) print in red.
 */
export function statusLines(status: WorkpaperStatus, manifestFallback: string | null): StatusLine[] {
  const signed = status.signedOff
  const state: StatusLine =
    status.supersededBy !== null
      ? { text: `State: SUPERSEDED by run ${status.supersededBy}`, alert: true }
      : status.reopened !== null
        ? { text: `State: REOPENED by ${status.reopened.by}${at(status.reopened.at)}: ${status.reopened.reason}`, alert: true }
        : { text: `State: ${signed === null ? 'open for review' : 'signed off, locked'}`, alert: false }
  const manifest = status.manifestHash ?? manifestFallback
  const count = status.appendixCount === null ? '' : ` (${status.appendixCount} records)`
  return [
    { text: `Prepared by: ${status.preparedBy ?? '(not recorded)'}${at(status.preparedAt)}`, alert: false },
    {
      text:
        status.lastReview === null
          ? 'Reviewed by: no review recorded'
          : `Reviewed by (last review): ${status.lastReview.by}${at(status.lastReview.at)}`,
      alert: false,
    },
    signed === null
      ? { text: 'Signed off: NOT SIGNED OFF', alert: true }
      : { text: `Signed off by: ${signed.by}${at(signed.at)}${signed.comment === '' ? '' : ` (“${signed.comment}”)`}`, alert: false },
    state,
    { text: `Manifest SHA-256: ${manifest ?? 'written when the evidence package is sealed'}`, alert: false },
    { text: `Appendix head SHA-256: ${status.appendixHead === null ? 'none recorded' : `${status.appendixHead}${count}`}`, alert: false },
    { text: `This workbook: ${status.asOf}`, alert: false },
  ]
}
