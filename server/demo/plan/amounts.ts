/**
 * What the generator plants in every in-scope entity, in USD (converted to LCY at the entity's
 * closing rate of N and rounded to whole LCY units), and the methodology §4/§8 defaults the ground truth
 * states its expectations against.
 */
export type GroupKey =
  | 'collection-accounts'
  | 'customer-ar'
  | 'packages-delivered'
  | 'marketplace-accrued-revenue'
  | 'marketplace-refund-liability'
  | 'customer-prepayments'
  | 'voucher-liability'

export type GroupDef = {
  readonly key: GroupKey
  readonly title: string
  readonly accounts: readonly string[]
  readonly sign: 1 | -1
}

/** The default account map of methodology §4 (config/account-map.json ships the same). */
export const GROUPS: readonly GroupDef[] = [
  { key: 'collection-accounts', title: 'Collection accounts', accounts: ['13001', '13002'], sign: 1 },
  { key: 'customer-ar', title: 'Customer AR', accounts: ['13003', '13004', '13009'], sign: 1 },
  { key: 'packages-delivered', title: 'Packages delivered not reconciled', accounts: ['13005', '13024'], sign: 1 },
  { key: 'marketplace-accrued-revenue', title: 'Marketplace accrued revenue', accounts: ['18304'], sign: -1 },
  { key: 'marketplace-refund-liability', title: 'Marketplace refund liability', accounts: ['18317'], sign: -1 },
  { key: 'customer-prepayments', title: 'Customer prepayments', accounts: ['18350'], sign: -1 },
  { key: 'voucher-liability', title: 'Voucher liability', accounts: ['18412'], sign: -1 },
]

/**
 * Planted unexplained variance per group, USD, in GROUPS order. |x| ≥ 1000 makes the group
 * INVESTIGATE; every OK value stays ≥ 40 USD away from the threshold so rounding cannot flip it.
 * HF_SN is the near-threshold entity (all OK, large total); EC_IC ties exactly.
 */
export const UNEXPLAINED_USD: Readonly<Record<string, readonly number[]>> = {
  EC_NG: [320, 4200, -140, 0, 610, -85, 2750],
  JD_GH: [0, 45, -230, 120, 0, 380, 15],
  EC_KE: [-1850, 260, 0, -75, 90, 0, 430],
  JM_EG: [150, -620, 12500, 300, -40, 0, 870],
  EC_MA: [0, 0, 75, 0, -3100, 210, -15],
  EC_IC: [0, 0, 0, 0, 0, 0, 0],
  HF_SN: [940, -910, 880, 905, -890, 930, 860],
  JD_UG: [0, 180, 0, 0, 0, 1520, 0],
  JD_DZ: [0, 0, 0, -6400, 0, 0, 940],
}

/** USD thresholds of methodology §8 (config/thresholds DEFAULT and EG). */
export type Thresholds = { readonly bucketUsd: number; readonly lineItemUsd: number; readonly countryUsd: number }

export function thresholdsFor(country: string, group: GroupKey | null): Thresholds {
  if (country === 'EG') return { bucketUsd: 1000, lineItemUsd: group === 'voucher-liability' ? 5000 : 500, countryUsd: 22000 }
  return { bucketUsd: 1000, lineItemUsd: 500, countryUsd: 10000 }
}
