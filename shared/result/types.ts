import type { Static } from 'typebox'
import type * as Schema from '../api/result-schema.ts'

/**
 * The result of one run as published in `result.json`, served by the API and rendered into sheets:
 * each type is derived from its TypeBox schema in `shared/api/result-schema.ts`, the one declaration.
 * Money is a decimal string with two decimals ("-1234.50"), never a float. USD figures are `null`
 * when the entity's FX rate is missing.
 */
export type Decimal = string

export type Status = Static<typeof Schema.ResultStatusSchema>
export type ThresholdType = Static<typeof Schema.ThresholdTypeSchema>
/** Which threshold decided a status, and from where: the file and its SHA-256 (methodology §8). */
export type ThresholdRef = Static<typeof Schema.ThresholdRefSchema>
export type EntityInfo = Static<typeof Schema.EntityInfoSchema>
export type TieOutRow = Static<typeof Schema.TieOutRowSchema>
export type EntityConclusion = Static<typeof Schema.EntityConclusionSchema>
export type RollForwardBucket = Static<typeof Schema.RollForwardBucketSchema>
export type BridgeId = Static<typeof Schema.ResultBridgeIdSchema>
/** A line of a bridge; its `key` `<bridge>|<entity>|<business key>` (methodology §11) is what reviews attach to. */
export type BridgeLine = Static<typeof Schema.ResultBridgeLineSchema>
export type BridgeDiagnostic = Static<typeof Schema.BridgeDiagnosticSchema>
export type BridgeResult = Static<typeof Schema.BridgeResultSchema>
export type ClassifiedItem = Static<typeof Schema.ClassifiedItemSchema>
export type ClassificationSummaryRow = Static<typeof Schema.ClassificationSummaryRowSchema>
export type CatalogFinding = Static<typeof Schema.CatalogFindingSchema>
export type ClassificationResult = Static<typeof Schema.ClassificationResultSchema>
export type CategorizationCount = Static<typeof Schema.CategorizationCountSchema>
export type UncategorizedRow = Static<typeof Schema.UncategorizedRowSchema>
export type CategorizationResult = Static<typeof Schema.CategorizationResultSchema>
export type QualityIssue = Static<typeof Schema.QualityIssueSchema>
export type QualityReport = Static<typeof Schema.QualityReportSchema>
export type ExtractRecord = Static<typeof Schema.ExtractRecordSchema>
export type ConfigRef = Static<typeof Schema.ConfigRefSchema>
export type RunResult = Static<typeof Schema.RunResultSchema>

export const REVIEW_STATUSES = ['Open', 'Explained', 'Accepted', 'Rejected', 'Needs info'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

/** The latest review of one line key (methodology §8); history is kept server-side, append-only. */
export type Review = {
  readonly lineKey: string
  readonly status: ReviewStatus
  readonly comment: string
  readonly reviewer: string
  /** ISO 8601 UTC timestamp. */
  readonly reviewedAt: string
}
