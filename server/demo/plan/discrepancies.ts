/**
 * The discrepancies planted in every in-scope entity (methodology §9), as data. Amounts are USD, turned
 * into whole LCY units at the entity's closing rate; dates are months before N and a day of month
 * (≤ 28, so every month has it). Everything not listed here is generated clean.
 */
export type CloseMode = 'auto' | 'none' | 'bank' | 'bank-padded' | 'manual-rnd' | 'pyt-gtb' | 'credit-memo' | 'usage'

export type PlantedDate = { readonly monthsAgo: number; readonly day: number }

export type PlantedVoucher = {
  readonly role: string
  readonly businessUse: string
  readonly created: PlantedDate
  /** Overrides the business use's validity (months from creation to `to_date`). */
  readonly validityMonths?: number
  readonly state: 'active' | 'used-up' | 'deactivated'
  readonly inactive?: PlantedDate
  readonly discountUsd: number
  readonly usages: readonly (PlantedDate & { readonly usd: number })[]
  /** Jdash rows: `auto` mirrors usage when the voucher is in timing scope, like every clean voucher. */
  readonly jdash: 'auto' | 'mirror' | 'first-only' | 'none'
  readonly jdashIdSuffix?: string
  readonly jdashExtraUsd?: number
  /** How NAV booked the voucher's closing (VTC / cancellation); `auto` books it as clean data does. */
  readonly close: CloseMode
}

const NO_USAGE: PlantedVoucher['usages'] = []

export const PLANTED_VOUCHERS: readonly PlantedVoucher[] = [
  // Timing differences (methodology §6): Jdash ≠ IPE_08 TotalAmountUsed for in-scope vouchers.
  {
    role: 'timing-jdash-over',
    businessUse: 'store_credit',
    created: { monthsAgo: 4, day: 5 },
    state: 'deactivated',
    inactive: { monthsAgo: 1, day: 12 },
    discountUsd: 900,
    usages: [
      { monthsAgo: 3, day: 8, usd: 400 },
      { monthsAgo: 2, day: 14, usd: 300 },
    ],
    jdash: 'mirror',
    jdashExtraUsd: 150,
    close: 'auto',
  },
  {
    role: 'timing-jdash-under',
    businessUse: 'apology_v2',
    created: { monthsAgo: 2, day: 3 },
    state: 'used-up',
    discountUsd: 400,
    usages: [
      { monthsAgo: 2, day: 10, usd: 220 },
      { monthsAgo: 1, day: 6, usd: 180 },
    ],
    jdash: 'first-only',
    close: 'auto',
  },
  {
    role: 'timing-decimal-id',
    businessUse: 'jforce',
    created: { monthsAgo: 4, day: 20 },
    state: 'used-up',
    discountUsd: 1500,
    usages: [
      { monthsAgo: 4, day: 25, usd: 900 },
      { monthsAgo: 2, day: 3, usd: 600 },
    ],
    jdash: 'mirror',
    jdashIdSuffix: '.0',
    jdashExtraUsd: 620,
    close: 'auto',
  },
  {
    role: 'timing-decimal-id-tied',
    businessUse: 'store_credit',
    created: { monthsAgo: 1, day: 2 },
    state: 'used-up',
    discountUsd: 260,
    usages: [{ monthsAgo: 1, day: 20, usd: 260 }],
    jdash: 'mirror',
    jdashIdSuffix: '.0',
    close: 'auto',
  },
  {
    role: 'timing-absent-from-jdash',
    businessUse: 'Jpay store_credit',
    created: { monthsAgo: 6, day: 15 },
    state: 'used-up',
    discountUsd: 5600,
    usages: [
      { monthsAgo: 5, day: 2, usd: 3100 },
      { monthsAgo: 3, day: 18, usd: 2500 },
    ],
    jdash: 'none',
    close: 'auto',
  },
  // Jdash vouchers outside the timing scope: a diagnostic, never a line.
  {
    role: 'jdash-active-voucher',
    businessUse: 'store_credit',
    created: { monthsAgo: 1, day: 9 },
    state: 'active',
    discountUsd: 300,
    usages: [{ monthsAgo: 0, day: 4, usd: 120 }],
    jdash: 'mirror',
    close: 'auto',
  },
  {
    role: 'jdash-marketing-voucher',
    businessUse: 'marketing',
    created: { monthsAgo: 2, day: 10 },
    state: 'used-up',
    discountUsd: 50,
    usages: [{ monthsAgo: 1, day: 5, usd: 50 }],
    jdash: 'mirror',
    close: 'auto',
  },
  {
    role: 'jdash-before-window',
    businessUse: 'store_credit',
    created: { monthsAgo: 14, day: 7 },
    state: 'used-up',
    discountUsd: 80,
    usages: [{ monthsAgo: 13, day: 3, usd: 80 }],
    jdash: 'mirror',
    close: 'auto',
  },
  // VTC (methodology §6): refund vouchers inactive in N and valid; lines unless NAV booked a Cancellation/VTC.
  {
    role: 'vtc-unbooked',
    businessUse: 'refund',
    created: { monthsAgo: 3, day: 11 },
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 9 },
    discountUsd: 300,
    usages: [{ monthsAgo: 2, day: 4, usd: 120 }],
    jdash: 'auto',
    close: 'none',
  },
  {
    role: 'vtc-unbooked',
    businessUse: 'refund',
    created: { monthsAgo: 2, day: 27 },
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 17 },
    discountUsd: 2400,
    usages: NO_USAGE,
    jdash: 'auto',
    close: 'none',
  },
  {
    role: 'vtc-booked-as-usage',
    businessUse: 'refund',
    created: { monthsAgo: 1, day: 14 },
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 21 },
    discountUsd: 100,
    usages: [{ monthsAgo: 1, day: 25, usd: 25 }],
    jdash: 'auto',
    close: 'usage',
  },
  {
    role: 'vtc-booked-bank',
    businessUse: 'refund',
    created: { monthsAgo: 4, day: 2 },
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 4 },
    discountUsd: 500,
    usages: [{ monthsAgo: 3, day: 9, usd: 200 }],
    jdash: 'auto',
    close: 'bank',
  },
  {
    role: 'vtc-booked-manual-rnd',
    businessUse: 'refund',
    created: { monthsAgo: 1, day: 7 },
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 11 },
    discountUsd: 150,
    usages: NO_USAGE,
    jdash: 'auto',
    close: 'manual-rnd',
  },
  {
    role: 'vtc-booked-pyt-gtb',
    businessUse: 'refund',
    created: { monthsAgo: 2, day: 19 },
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 14 },
    discountUsd: 220,
    usages: [{ monthsAgo: 1, day: 12, usd: 20 }],
    jdash: 'auto',
    close: 'pyt-gtb',
  },
  {
    role: 'vtc-booked-credit-memo',
    businessUse: 'refund',
    created: { monthsAgo: 3, day: 23 },
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 19 },
    discountUsd: 90,
    usages: NO_USAGE,
    jdash: 'auto',
    close: 'credit-memo',
  },
  {
    role: 'vtc-booked-padded-id',
    businessUse: 'refund',
    created: { monthsAgo: 5, day: 1 },
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 24 },
    discountUsd: 400,
    usages: [{ monthsAgo: 4, day: 15, usd: 140 }],
    jdash: 'auto',
    close: 'bank-padded',
  },
  {
    role: 'vtc-inactive-before-period',
    businessUse: 'refund',
    created: { monthsAgo: 3, day: 16 },
    state: 'deactivated',
    inactive: { monthsAgo: 1, day: 25 },
    discountUsd: 400,
    usages: NO_USAGE,
    jdash: 'auto',
    close: 'none',
  },
  {
    role: 'vtc-expired',
    businessUse: 'refund',
    created: { monthsAgo: 5, day: 3 },
    validityMonths: 5,
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 15 },
    discountUsd: 350,
    usages: NO_USAGE,
    jdash: 'auto',
    close: 'none',
  },
  {
    role: 'vtc-not-refund',
    businessUse: 'store_credit',
    created: { monthsAgo: 2, day: 8 },
    state: 'deactivated',
    inactive: { monthsAgo: 0, day: 8 },
    discountUsd: 210,
    usages: NO_USAGE,
    jdash: 'auto',
    close: 'none',
  },
]

/** A Jdash row whose voucher id exists nowhere in IPE_08 (diagnostic "not in scope"). */
export const STRAY_JDASH_USD = 95

export type PlantedCustomer = {
  readonly role: string
  readonly entries: readonly { readonly group: number; readonly line: string; readonly usd: number }[]
}

/** Customer AR bridges (methodology §6): `group` indexes the entity's posting groups. */
export const PLANTED_CUSTOMERS: readonly PlantedCustomer[] = [
  {
    role: 'posting-group-two-groups',
    entries: [
      { group: 0, line: 'RETAIL', usd: 420 },
      { group: 0, line: 'RETAIL', usd: 130 },
      { group: 1, line: 'RETAIL', usd: 260 },
    ],
  },
  {
    role: 'posting-group-two-groups',
    entries: [
      { group: 1, line: 'MARKETPLACE', usd: -75 },
      { group: 2, line: 'MARKETPLACE', usd: 1900 },
    ],
  },
  {
    role: 'business-line-multi',
    entries: [
      { group: 0, line: 'RETAIL', usd: 600 },
      { group: 0, line: 'RETAIL', usd: 400 },
      { group: 0, line: 'MARKETPLACE', usd: 640 },
      { group: 0, line: 'JFOOD', usd: -50 },
    ],
  },
  {
    role: 'business-line-tie',
    entries: [
      { group: 0, line: 'MARKETPLACE', usd: 520 },
      { group: 0, line: 'JFOOD', usd: 520 },
      { group: 0, line: 'RETAIL', usd: -520 },
    ],
  },
  {
    role: 'business-line-nets-to-zero',
    entries: [
      { group: 0, line: 'RETAIL', usd: 300 },
      { group: 0, line: 'MARKETPLACE', usd: 85 },
      { group: 0, line: 'MARKETPLACE', usd: -85 },
    ],
  },
]

export type PlantedCollectionItem = {
  readonly transactionType: string
  readonly expectedRule: string
  readonly usd: number
  readonly isPrepayment?: string
  readonly source?: string
  readonly entity?: string
}

/** One IPE_31 item per transaction type of the default catalog (methodology §7), and one it cannot classify. */
export const PLANTED_COLLECTION_ITEMS: readonly PlantedCollectionItem[] = [
  { transactionType: 'Transfer to', expectedRule: 'CASH_DEPOSITS', usd: 310 },
  { transactionType: 'Third Party Collection', expectedRule: 'CASH_DEPOSITS', usd: 145 },
  { transactionType: 'Payment - Rev', expectedRule: 'CASH_DEPOSITS', usd: -60 },
  { transactionType: 'Translist in progress', expectedRule: 'CASH_DEPOSITS', usd: 220 },
  { transactionType: 'Payment', expectedRule: 'CASH_DEPOSITS', usd: -130 },
  { transactionType: 'Transfer', expectedRule: 'CASH_DEPOSITS', usd: 75 },
  { transactionType: 'Delivery', expectedRule: 'SALES_DELIVERIES', usd: 48 },
  { transactionType: 'DELIVERED', expectedRule: 'SALES_DELIVERIES', usd: 52 },
  { transactionType: 'Payment Charges Rev', expectedRule: 'CASH_DEPOSITS_CANCEL', usd: 9 },
  { transactionType: 'Transfer From', expectedRule: 'CASH_DEPOSITS_CANCEL', usd: -40 },
  { transactionType: 'Reallocation From', expectedRule: 'CASH_DEPOSITS_CANCEL', usd: -35 },
  { transactionType: 'JForce Payout', expectedRule: 'JFORCE_PAYOUTS', usd: 66 },
  { transactionType: 'Jforce Payouts', expectedRule: 'JFORCE_PAYOUTS', usd: 71 },
  { transactionType: 'Refund', expectedRule: 'REFUNDS', usd: -28 },
  { transactionType: 'Refunds', expectedRule: 'REFUNDS', usd: -33 },
  { transactionType: 'Sales Credit Memo', expectedRule: 'SALES_CREDIT_MEMOS', usd: -19 },
  { transactionType: 'Customer Prepayment', expectedRule: 'PREPAYMENTS', usd: 84, isPrepayment: '1' },
  {
    transactionType: 'Account Statement',
    expectedRule: 'SC_ACCOUNT_STATEMENT',
    usd: 120,
    source: 'Seller Center',
    entity: 'Account Statement',
  },
  { transactionType: 'Seller Payout', expectedRule: 'SELLER_ACCOUNT_STATEMENTS', usd: 95, source: 'MPL', entity: 'Account Statement' },
  { transactionType: 'Collection Adjustment (over)', expectedRule: 'UNCLASSIFIED', usd: 14 },
]

export type PlantedNavRow = {
  readonly role: string
  readonly integration: boolean
  readonly usd: number
  readonly description: string
  readonly documentType: string
}

/** GL 18412 rows that match no categorization rule of methodology §5. */
export const PLANTED_UNCATEGORIZED: readonly PlantedNavRow[] = [
  { role: 'zero-amount', integration: true, usd: 0, description: 'Voucher posting zero value', documentType: '' },
  { role: 'manual-positive-no-pattern', integration: false, usd: 35, description: 'Voucher balance adjustment', documentType: '' },
  { role: 'looks-like-expiry', integration: false, usd: 60, description: 'EXP-001 voucher write-off', documentType: '' },
]
