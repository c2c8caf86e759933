import type { ListedRunResult } from '../result/types.ts'
import { buildBridgesSheet } from './bridges.ts'
import { buildClassificationSheet } from './classification.ts'
import { buildEvidenceSheet, type WorkbookEvidence } from './evidence.ts'
import type { WorkbookModel } from './model.ts'
import type { SheetReview } from './review.ts'
import { buildRollForwardSheet } from './roll-forward.ts'
import { sealedStatus, type WorkpaperStatus } from './signoff.ts'
import { buildSummarySheet } from './summary.ts'
import { buildVarianceSheet } from './variance.ts'

export type { EvidenceFile, WorkbookEvidence } from './evidence.ts'
export type { SheetReview } from './review.ts'
export type { WorkpaperStatus } from './signoff.ts'

/**
 * The workpapers of one run, as data: the add-in and the .xlsx export render this. The result
 * comes with its long lists (`withLists`): the Classification and Evidence sheets show every row. `reviews` maps a
 * row key (bridge line, tie-out group, roll-forward bucket) to its latest review; `status` is the
 * sign-off state the Summary shows (by default the state at sealing: not signed off).
 */
export function buildWorkbook(
  result: ListedRunResult,
  reviews: ReadonlyMap<string, SheetReview>,
  evidence?: WorkbookEvidence,
  status: WorkpaperStatus = sealedStatus(null, null),
): WorkbookModel {
  const bridges = buildBridgesSheet(result, reviews)
  return {
    runId: result.runId,
    period: result.period.period,
    sheets: [
      buildSummarySheet(result, status, evidence?.manifestSha256 ?? null),
      buildVarianceSheet(result, reviews, bridges.totals),
      buildRollForwardSheet(result, reviews),
      bridges.sheet,
      buildClassificationSheet(result),
      buildEvidenceSheet(result, evidence),
    ],
  }
}
