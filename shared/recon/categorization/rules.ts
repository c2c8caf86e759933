import type { Cr03Row } from '../../extracts/rows.ts'
import type { VoucherLookup } from '../voucher-lookup.ts'
import { type Category, type VoucherType, textEquals, voucherTypeOfBusinessUse } from '../vouchers.ts'

/**
 * The CR_03 fields that categorizing an entry and listing it (summary, uncategorized entries, the
 * per-entry evidence file) read: a reader of a large CR_03 decodes only these.
 */
export const CATEGORIZATION_FIELDS = [
  'companyCode',
  'entryNo',
  'postingDate',
  'documentNo',
  'documentType',
  'voucherNo',
  'userId',
  'amount',
  'account',
  'balAccountType',
  'description',
  'comment',
] as const satisfies readonly (keyof Cr03Row)[]

export type CategorizationRow = Pick<Cr03Row, (typeof CATEGORIZATION_FIELDS)[number]>

/** The only G/L account whose entries are categorized (methodology §5). */
export const VOUCHER_LIABILITY_ACCOUNT = '18412'

export type IntegrationType = 'Integration' | 'Manual'
export type RuleNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7
export type LookupOutcome = 'found' | 'not-found' | 'unmapped'

/**
 * Everything a row's categorization needs, prepared once per run: integration users normalized
 * with `normalizeUserId`, in-scope ISO-2 country codes upper-cased.
 */
export type CategorizationContext = {
  readonly integrationUsers: ReadonlySet<string>
  readonly countryCodes: ReadonlySet<string>
  readonly vouchers: VoucherLookup
}

/** One CR_03 row explained: which rule matched and what it gave (methodology §5 "output per row"). */
export type EntryCategorization = {
  readonly integrationType: IntegrationType
  readonly category: Category | null
  readonly voucherType: VoucherType | null
  readonly rule: RuleNumber | null
  /** Usage rules (3, 7) only: whether the voucher was found and its business use mapped. */
  readonly lookup: LookupOutcome | null
  /** Usage rules only: `business_use` of the looked-up voucher, for the "unmapped" report. */
  readonly businessUse: string | null
}

/** `User ID` upper-cased, trimmed, `\` read as `/` (methodology §5 "Integration"). */
export function normalizeUserId(userId: string | null): string {
  const user = (userId ?? '').trim().toUpperCase()
  return user.includes('\\') ? user.replaceAll('\\', '/') : user
}

/*
 * The §5 text tests, compiled once. Case-insensitive substring tests on the raw value equal those
 * on the trimmed value, except "RF " which must not be the end of the trimmed text: after it comes
 * something other than trailing whitespace.
 */
const RF_SPACE = 'RF (?=\\s*\\S)'
const TEXT = {
  integrationRefund: new RegExp(`REFUND|RF_|${RF_SPACE}`, 'i'),
  commercialGesture: /COMMERCIAL GESTURE/i,
  jforce: /PYT_/i,
  manualRefund: new RegExp(`REFUND|RFN|RF_|${RF_SPACE}`, 'i'),
  manualApology: /COMMERCIAL|CXP|APOLOGY/i,
  voucherAccrual: /VOUCHER ACCRUAL/i,
  expired: /EXPR/i,
  expiredApology: /EXPR_APLGY/i,
  expiredJforce: /EXPR_JFORCE/i,
  expiredStoreCredit: /EXPR_STR[ _]CRDT/i,
  manualRnd: /MANUAL RND/i,
  gtb: /GTB/i,
  itemPriceCredit: /ITEMPRICECREDIT/i,
} as const

const LETTER = /\p{L}/u

/** Applies methodology §5's seven rules in order; the first match wins. */
export function categorizeEntry(row: CategorizationRow, context: CategorizationContext): EntryCategorization {
  return categorizeAs(row, integrationTypeOf(row.userId, context.integrationUsers), context)
}

/**
 * `categorizeEntry` for a whole run: the integration type of each distinct `User ID` is computed
 * once (a run has few users and many rows).
 */
export function createCategorizer(context: CategorizationContext): (row: CategorizationRow) => EntryCategorization {
  const integrationTypes = new Map<string | null, IntegrationType>()
  return (row) => {
    let integrationType = integrationTypes.get(row.userId)
    if (integrationType === undefined) {
      integrationType = integrationTypeOf(row.userId, context.integrationUsers)
      integrationTypes.set(row.userId, integrationType)
    }
    return categorizeAs(row, integrationType, context)
  }
}

export function integrationTypeOf(userId: string | null, integrationUsers: ReadonlySet<string>): IntegrationType {
  return integrationUsers.has(normalizeUserId(userId)) ? 'Integration' : 'Manual'
}

export function isVoucherLiability(account: string | null): boolean {
  return account !== null && account.trim() === VOUCHER_LIABILITY_ACCOUNT
}

function categorizeAs(row: CategorizationRow, integrationType: IntegrationType, context: CategorizationContext): EntryCategorization {
  const amount = row.amount
  if (amount === null || amount === 0 || !isVoucherLiability(row.account)) return outcome(integrationType, null, null, null)
  const description = row.description ?? ''
  if (amount < 0) return outcome(integrationType, 'Issuance', issuanceType(integrationType, description, row, context), 2)
  if (integrationType === 'Integration') {
    if (TEXT.voucherAccrual.test(description)) return outcome(integrationType, 'Cancellation', 'Apology', 3)
    return usage(integrationType, 3, row, context)
  }
  return manualPositive(description, row, context)
}

function outcome(
  integrationType: IntegrationType,
  category: Category | null,
  voucherType: VoucherType | null,
  rule: RuleNumber | null,
): EntryCategorization {
  return { integrationType, category, voucherType, rule, lookup: null, businessUse: null }
}

/** Rules 1, 4, 5, 6, 7: a Manual row with Amount > 0. */
function manualPositive(description: string, row: CategorizationRow, context: CategorizationContext): EntryCategorization {
  if (textEquals(row.balAccountType, 'Bank Account')) return outcome('Manual', 'VTC', 'Refund', 1)
  if (TEXT.expired.test(description)) return outcome('Manual', 'Expired', expiredType(description), 4)
  if (TEXT.manualRnd.test(description) || (TEXT.jforce.test(description) && TEXT.gtb.test(row.comment ?? ''))) {
    return outcome('Manual', 'VTC', 'Refund', 5)
  }
  if (textEquals(row.documentType, 'Credit Memo')) return outcome('Manual', 'Cancellation', 'Store Credit', 6)
  if (TEXT.itemPriceCredit.test(description)) return usage('Manual', 7, row, context)
  return outcome('Manual', null, null, null)
}

function expiredType(description: string): VoucherType | null {
  if (TEXT.expiredApology.test(description)) return 'Apology'
  if (TEXT.expiredJforce.test(description)) return 'JForce'
  if (TEXT.expiredStoreCredit.test(description)) return 'Store Credit'
  return null
}

function issuanceType(
  integrationType: IntegrationType,
  description: string,
  row: CategorizationRow,
  context: CategorizationContext,
): VoucherType | null {
  if (integrationType === 'Integration') {
    if (TEXT.integrationRefund.test(description)) return 'Refund'
    if (TEXT.commercialGesture.test(description)) return 'Apology'
    if (TEXT.jforce.test(description)) return 'JForce'
    return null
  }
  if (startsWithCountryCode(row.documentNo, context.countryCodes)) return 'Store Credit'
  if (TEXT.manualRefund.test(description)) return 'Refund'
  if (TEXT.manualApology.test(description)) return 'Apology'
  if (TEXT.jforce.test(description)) return 'JForce'
  return null
}

/**
 * The trimmed `Document No_` starts with an in-scope ISO-2 code followed by a non-letter
 * (`NG-001`, `KE1`), so `MAN-001` is not Morocco. A bare `NG` has nothing after the code: no match.
 */
export function startsWithCountryCode(documentNo: string | null, countryCodes: ReadonlySet<string>): boolean {
  const trimmed = (documentNo ?? '').trim()
  const next = trimmed.charAt(2)
  return next !== '' && !LETTER.test(next) && countryCodes.has(trimmed.slice(0, 2).toUpperCase())
}

function usage(integrationType: IntegrationType, rule: 3 | 7, row: CategorizationRow, context: CategorizationContext): EntryCategorization {
  const match = context.vouchers.lookup(row.companyCode, row.voucherNo)
  if (!match.found) return { integrationType, category: 'Usage', voucherType: null, rule, lookup: 'not-found', businessUse: null }
  const voucherType = voucherTypeOfBusinessUse(match.businessUse)
  const lookup: LookupOutcome = voucherType === null ? 'unmapped' : 'found'
  return { integrationType, category: 'Usage', voucherType, rule, lookup, businessUse: match.businessUse }
}
