import type { ReviewEntry } from '../../shared/api/reviews.ts'
import type { RunDetail } from '../../shared/api/runs.ts'
import type { RunResult } from '../../shared/result/types.ts'
import { carriedRunIds, sheetReviews } from '../../shared/sheets/line-amounts.ts'
import type { SheetReview } from '../../shared/sheets/review.ts'
import { statusFromRun, type WorkpaperStatus } from '../../shared/sheets/signoff.ts'
import type { WorkbookEvidence } from '../../shared/sheets/evidence.ts'

export type WorkbookInputs = {
  readonly reviews: ReadonlyMap<string, SheetReview>
  readonly status: WorkpaperStatus
  readonly evidence: WorkbookEvidence
}

/**
 * What a downloaded workbook shows beside the result: the latest reviews (a carried one with the
 * amount its reviewer saw, read from the earlier run's result when it is still there) and the
 * sign-off state as of the download.
 */
export async function workbookInputs(
  detail: RunDetail,
  entries: readonly ReviewEntry[],
  earlierResult: (runId: string) => Promise<RunResult | null>,
  now: Date,
): Promise<WorkbookInputs> {
  const earlier = new Map<string, RunResult>()
  for (const runId of carriedRunIds(entries)) {
    const result = await earlierResult(runId).catch(() => null)
    if (result !== null) earlier.set(runId, result)
  }
  const manifest = detail.evidence?.manifestHash ?? detail.steps.find((step) => step.name === 'evidence')?.sha256 ?? null
  const asOf = `downloaded ${now.toISOString().slice(0, 19).replace('T', ' ')} UTC, with the reviews and sign-off recorded then`
  return {
    reviews: sheetReviews(entries, earlier),
    status: statusFromRun(detail, entries, asOf),
    evidence: { manifestSha256: manifest },
  }
}
