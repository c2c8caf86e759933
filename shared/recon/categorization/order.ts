import { CATEGORIES, type Category, type NO_VOUCHER_TYPE, VOUCHER_TYPES, type VoucherType } from '../vouchers.ts'

/** Display order of GL 18412 listings: CATEGORIES order, VOUCHER_TYPES order, unknowns last. */
const CATEGORY_RANK = new Map<string, number>(CATEGORIES.map((category, index) => [category, index]))
const VOUCHER_TYPE_RANK = new Map<string, number>(VOUCHER_TYPES.map((type, index) => [type, index]))

/** Number of distinct slots, the last one for null (or `(none)`): sizes of integer bucket codes. */
export const CATEGORY_SLOTS = CATEGORIES.length + 1
export const VOUCHER_TYPE_SLOTS = VOUCHER_TYPES.length + 1

/** 0-based position in CATEGORIES; null takes the last slot. */
export function categorySlot(category: Category | null): number {
  return rank(CATEGORY_RANK, category)
}

/** 0-based position in VOUCHER_TYPES; null and `(none)` take the last slot. */
export function voucherTypeSlot(voucherType: VoucherType | typeof NO_VOUCHER_TYPE | null): number {
  return rank(VOUCHER_TYPE_RANK, voucherType)
}

export function compareCategory(a: Category | null, b: Category | null): number {
  return categorySlot(a) - categorySlot(b)
}

export function compareVoucherType(a: VoucherType | typeof NO_VOUCHER_TYPE | null, b: VoucherType | typeof NO_VOUCHER_TYPE | null): number {
  return voucherTypeSlot(a) - voucherTypeSlot(b)
}

export function compareNullableNumber(a: number | null, b: number | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a - b
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function rank(ranks: ReadonlyMap<string, number>, value: string | null): number {
  return (value === null ? undefined : ranks.get(value)) ?? ranks.size
}
