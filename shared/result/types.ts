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
/** The classification section of result.json: counts and totals, the items in the evidence CSV it names. */
export type ClassificationSection = Static<typeof Schema.ClassificationResultSchema>
export type CategorizationCount = Static<typeof Schema.CategorizationCountSchema>
export type UncategorizedRow = Static<typeof Schema.UncategorizedRowSchema>
/** The categorization section of result.json: counts, the uncategorized entries in the evidence CSV it names. */
export type CategorizationSection = Static<typeof Schema.CategorizationResultSchema>
/** Classification as computed, its items listed. */
export type ClassificationResult = Omit<ClassificationSection, 'itemCount' | 'itemsFile'> & { readonly items: readonly ClassifiedItem[] }
/** Categorization as computed, its uncategorized entries listed. */
export type CategorizationResult = Omit<CategorizationSection, 'uncategorizedCount' | 'uncategorizedFile'> & {
  readonly uncategorized: readonly UncategorizedRow[]
}
export type QualityIssue = Static<typeof Schema.QualityIssueSchema>
export type QualityReport = Static<typeof Schema.QualityReportSchema>
export type ExtractRecord = Static<typeof Schema.ExtractRecordSchema>
export type ConfigRef = Static<typeof Schema.ConfigRefSchema>
/** result.json as written now (schema version 2): the long lists are in the evidence CSVs. */
export type CurrentRunResult = Static<typeof Schema.RunResultSchema>
/** result.json as written before version 2, still found in sealed packages: the long lists inline. */
export type RunResultV1 = Omit<CurrentRunResult, 'schemaVersion' | 'classification' | 'categorization'> & {
  readonly schemaVersion: 1
  readonly classification: ClassificationResult
  readonly categorization: CategorizationResult
}
/** A published result.json, of either version: what the API and the add-in read. */
export type RunResult = CurrentRunResult | RunResultV1

/** The long lists of a run: in the evidence CSVs (or inline in a version 1 result.json), served by page. */
export type ResultLists = {
  readonly classifiedItems: readonly ClassifiedItem[]
  readonly uncategorized: readonly UncategorizedRow[]
}

/** A result with its long lists at hand: what the compute step assembles and the workbook shows. */
export type ListedRunResult = Omit<CurrentRunResult, 'schemaVersion' | 'classification' | 'categorization'> & {
  readonly schemaVersion: RunResult['schemaVersion']
  readonly classification: ClassificationSection & { readonly items: readonly ClassifiedItem[] }
  readonly categorization: CategorizationSection & { readonly uncategorized: readonly UncategorizedRow[] }
}

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
