/** Canonical vocabulary of GL 18412 (methodology §5) and the voucher-id rule every comparison uses (§6). */
export const CATEGORIES = ['Issuance', 'Cancellation', 'Usage', 'Expired', 'VTC'] as const
export type Category = (typeof CATEGORIES)[number]

export const VOUCHER_TYPES = ['Refund', 'Apology', 'JForce', 'Store Credit'] as const
export type VoucherType = (typeof VOUCHER_TYPES)[number]

/** Label of a roll-forward bucket whose voucher type is unknown. */
export const NO_VOUCHER_TYPE = '(none)'

function folded(value: string | null): string {
  return (value ?? '').trim().toLowerCase()
}

/**
 * Trimmed, upper-cased, a trailing `.0` on a numeric id removed (spreadsheets turn 12345 into
 * 12345.0); a blank id is `null` and never matches anything.
 */
export function normalizeVoucherId(raw: string | null): string | null {
  const id = (raw ?? '').trim().toUpperCase()
  if (id === '') return null
  return /^\d+\.0+$/.test(id) ? id.replace(/\.0+$/, '') : id
}

/** The canonical voucher type of a BOB `business_use`, or null when it maps to none. */
export function voucherTypeOfBusinessUse(businessUse: string | null): VoucherType | null {
  const use = folded(businessUse)
  if (use === 'refund') return 'Refund'
  if (use === 'store_credit' || use.startsWith('jpay_store_credit') || use === 'jpay store_credit') return 'Store Credit'
  if (use === 'apology' || use === 'apology_v2') return 'Apology'
  if (use === 'jforce') return 'JForce'
  return null
}

const NON_MARKETING = new Set(['refund', 'store_credit', 'apology_v2', 'apology', 'jforce', 'jpay store_credit'])

/** Non-marketing scope (methodology §5), used by the roll-forward and the bridges. */
export function isNonMarketing(businessUse: string | null): boolean {
  const use = folded(businessUse)
  return NON_MARKETING.has(use) || use.startsWith('jpay_store_credit')
}

/** Case-insensitive equality on trimmed values (methodology §11 "text equality"). */
export function textEquals(value: string | null, expected: string): boolean {
  return folded(value) === expected.toLowerCase()
}

/** `is_active` false means 0, "0" or false; a null flag is not "inactive". */
export function isInactive(isActive: boolean | null): boolean {
  return isActive === false
}
