/** GL 18412 categorization of NAV entries (methodology §5): rules, run summary, config and result. */
export {
  CATEGORIZATION_FIELDS,
  type CategorizationContext,
  type CategorizationRow,
  type EntryCategorization,
  type IntegrationType,
  type LookupOutcome,
  type RuleNumber,
  VOUCHER_LIABILITY_ACCOUNT,
  categorizeEntry,
  createCategorizer,
  integrationTypeOf,
  isVoucherLiability,
  normalizeUserId,
  startsWithCountryCode,
} from './categorization/rules.ts'
export { type CategorizationConfig, createCategorizationContext, parseCategorizationConfig } from './categorization/config.ts'
export {
  BLANK_VOUCHER_NO,
  type CategorizationCountLine,
  type CategorizationSummary,
  type CategorizationSummaryBuilder,
  type NavMovement,
  type UncategorizedEntry,
  type UnmappedBusinessUse,
  type VoucherNotFound,
  createCategorizationSummary,
} from './categorization/summary.ts'
export { toCategorizationResult } from './categorization/result.ts'
