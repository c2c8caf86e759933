import type { Review, RunResult } from '../result/types.ts'
import { buildBridgesSheet } from './bridges.ts'
import { buildClassificationSheet } from './classification.ts'
import { buildEvidenceSheet, type WorkbookEvidence } from './evidence.ts'
import type { WorkbookModel } from './model.ts'
import { buildSummarySheet } from './summary.ts'
import { buildVarianceSheet } from './variance.ts'

export type { EvidenceFile, WorkbookEvidence } from './evidence.ts'

/**
 * The workpapers of one run, as data: the add-in and the .xlsx export render this. `reviews` maps a
 * row key (bridge line, tie-out group, roll-forward bucket) to its latest review.
 */
export function buildWorkbook(result: RunResult, reviews: ReadonlyMap<string, Review>, evidence?: WorkbookEvidence): WorkbookModel {
  return {
    runId: result.runId,
    period: result.period.period,
    sheets: [
      buildSummarySheet(result, reviews),
      buildVarianceSheet(result, reviews),
      buildBridgesSheet(result, reviews),
      buildClassificationSheet(result),
      buildEvidenceSheet(result, evidence),
    ],
  }
}
