import type { ExtractId } from '../extracts/schema.ts'
import type { Period } from '../period.ts'

/**
 * The result of one run as published in `result.json`, served by the API and rendered into sheets.
 * Money is a decimal string with two decimals ("-1234.50"), never a float. USD figures are `null`
 * when the entity's FX rate is missing.
 */
export type Decimal = string

export type Status = 'OK' | 'INVESTIGATE' | 'FX_MISSING' | 'NO_TV'

export type ThresholdType = 'BUCKET_USD' | 'LINE_ITEM_USD' | 'COUNTRY_MATERIALITY_USD'

/** Which threshold decided a status, and from where: the file and its SHA-256 (SPEC §8). */
export type ThresholdRef = {
  readonly type: ThresholdType
  readonly valueUsd: Decimal
  readonly file: string
  readonly sha256: string | null
  /** 0-based position of the rule in its file; null for the built-in fallback. */
  readonly rule: number | null
}

export type EntityInfo = {
  readonly companyCode: string
  readonly name: string
  readonly countryCode: string
  readonly currency: string
  /** LCY per 1 USD as a decimal string; null when CR_05 has no usable rate. */
  readonly fxRate: string | null
}

export type TieOutRow = {
  readonly key: string
  readonly companyCode: string
  readonly group: string
  readonly groupTitle: string
  readonly accounts: readonly string[]
  readonly sign: 1 | -1
  readonly tvExtract: ExtractId
  readonly actualsLcy: Decimal
  /** null when the TV extract was not part of the run (status NO_TV). */
  readonly tvLcy: Decimal | null
  readonly varianceLcy: Decimal | null
  readonly explainedLcy: Decimal
  readonly unexplainedLcy: Decimal | null
  readonly actualsUsd: Decimal | null
  readonly tvUsd: Decimal | null
  readonly varianceUsd: Decimal | null
  readonly explainedUsd: Decimal | null
  readonly unexplainedUsd: Decimal | null
  readonly status: Status
  readonly threshold: ThresholdRef | null
}

export type EntityConclusion = {
  readonly key: string
  readonly companyCode: string
  readonly status: 'OK' | 'INVESTIGATE' | 'FX_MISSING'
  readonly totalUnexplainedUsd: Decimal | null
  readonly threshold: ThresholdRef
}

export type RollForwardBucket = {
  readonly key: string
  readonly companyCode: string
  readonly category: string
  /** Canonical voucher type, or "(none)". */
  readonly voucherType: string
  readonly navLcy: Decimal
  readonly bobLcy: Decimal
  readonly varianceLcy: Decimal
  readonly navUsd: Decimal | null
  readonly bobUsd: Decimal | null
  readonly varianceUsd: Decimal | null
  readonly status: Status
  readonly threshold: ThresholdRef | null
}

export type BridgeId = 'timing' | 'vtc' | 'posting-group' | 'business-line'

export type BridgeLine = {
  /** `<bridge>|<entity>|<business key>` (SPEC §11): reviews attach to it and survive re-runs. */
  readonly key: string
  readonly bridge: BridgeId
  readonly companyCode: string
  readonly businessKey: string
  readonly description: string
  readonly amountLcy: Decimal
  readonly amountUsd: Decimal | null
  /** |amount USD| ≥ LINE_ITEM_USD, or USD unknown (SPEC §11). */
  readonly material: boolean
  /** Bridge-specific figures shown beside the line (voucher amounts, balances, groups). */
  readonly detail: Readonly<Record<string, string | number | boolean | null>>
}

export type BridgeDiagnostic = {
  readonly label: string
  readonly count: number
  readonly amountLcy: Decimal | null
}

export type BridgeResult = {
  readonly bridge: BridgeId
  readonly title: string
  readonly companyCode: string
  readonly group: string
  readonly sign: number
  readonly totalLcy: Decimal
  readonly totalUsd: Decimal | null
  /** Lines with a non-zero amount or that need review; zero-difference lines are only counted. */
  readonly lines: readonly BridgeLine[]
  readonly zeroLineCount: number
  readonly lineThreshold: ThresholdRef | null
  readonly diagnostics: readonly BridgeDiagnostic[]
}

export type ClassifiedItem = {
  readonly key: string
  readonly companyCode: string
  readonly eventDate: string | null
  readonly cp: string | null
  readonly transactionType: string | null
  readonly relatedEntity: string | null
  readonly amountLcy: Decimal | null
  readonly amountUsd: Decimal | null
  readonly rule: string
  readonly ruleTitle: string
  readonly drAccounts: readonly string[]
  readonly crAccounts: readonly string[]
}

export type ClassificationSummaryRow = {
  readonly companyCode: string
  readonly rule: string
  readonly count: number
  readonly amountLcy: Decimal
  readonly amountUsd: Decimal | null
}

export type CatalogFinding = {
  readonly rule: string
  readonly kind: 'unreachable' | 'partly-unreachable' | 'missing-columns'
  readonly detail: string
}

export type ClassificationResult = {
  readonly items: readonly ClassifiedItem[]
  readonly summary: readonly ClassificationSummaryRow[]
  readonly catalogFindings: readonly CatalogFinding[]
}

export type CategorizationCount = {
  readonly companyCode: string
  readonly category: string | null
  readonly voucherType: string | null
  readonly rule: number | null
  readonly count: number
  readonly amountLcy: Decimal
}

export type UncategorizedRow = {
  readonly companyCode: string
  readonly entryNo: number | null
  readonly documentNo: string | null
  readonly postingDate: string | null
  readonly description: string | null
  readonly userId: string | null
  readonly amountLcy: Decimal | null
}

export type CategorizationResult = {
  readonly counts: readonly CategorizationCount[]
  readonly uncategorized: readonly UncategorizedRow[]
  /** Rows of accounts other than 18412: counted, not listed (SPEC §11). */
  readonly otherAccountRows: number
  readonly unmappedBusinessUses: readonly { companyCode: string; businessUse: string; count: number }[]
  readonly vouchersNotFound: readonly { companyCode: string; voucherNo: string; count: number }[]
}

export type QualityIssue = {
  readonly check: 'required-columns' | 'types' | 'key-uniqueness' | 'min-rows' | 'ignored-columns' | 'company'
  readonly severity: 'error' | 'warning'
  readonly message: string
  readonly column?: string
  readonly rows?: readonly number[]
}

export type QualityReport = {
  readonly extract: ExtractId
  readonly file: string
  readonly rows: number
  readonly passed: boolean
  readonly issues: readonly QualityIssue[]
}

export type ExtractRecord = {
  readonly extract: ExtractId
  readonly rows: number
  readonly sha256: string
  readonly file: string
}

export type ConfigRef = { readonly name: string; readonly file: string; readonly sha256: string }

export type RunResult = {
  readonly schemaVersion: 1
  readonly runId: string
  readonly product: { readonly name: 'tieout'; readonly version: string }
  readonly period: Period
  readonly source: string
  readonly entities: readonly EntityInfo[]
  readonly tieOut: readonly TieOutRow[]
  readonly conclusions: readonly EntityConclusion[]
  readonly rollForward: readonly RollForwardBucket[]
  readonly bridges: readonly BridgeResult[]
  readonly classification: ClassificationResult
  readonly categorization: CategorizationResult
  readonly extracts: readonly ExtractRecord[]
  readonly quality: readonly QualityReport[]
  readonly config: readonly ConfigRef[]
}

export const REVIEW_STATUSES = ['Open', 'Explained', 'Accepted', 'Rejected', 'Needs info'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

/** The latest review of one line key (SPEC §8); history is kept server-side, append-only. */
export type Review = {
  readonly lineKey: string
  readonly status: ReviewStatus
  readonly comment: string
  readonly reviewer: string
  /** ISO 8601 UTC timestamp. */
  readonly reviewedAt: string
}
