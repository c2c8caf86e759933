/**
 * The demo entity master (what `fdw.Dim_Company` holds for the demo): the nine known entities of
 * methodology §2, all in consolidation scope, and two out-of-scope companies whose rows also appear in
 * the extracts so that a run proves it ignores them (methodology §11).
 */
export type DemoEntity = {
  readonly code: string
  readonly name: string
  readonly country: string
  readonly countryName: string
  readonly currency: string
  readonly inConsoScope: boolean
  readonly isActive: boolean
  /** LCY per 1 USD around which the monthly closing rate moves. */
  readonly baseRate: number
  /** Share of the demo volume (in-scope weights sum to 1). */
  readonly weight: number
  /** First voucher id (10,000,000 apart per entity); ids of planted vouchers start 9,000,000 above it. */
  readonly voucherIdBase: number
  readonly postingGroups: readonly string[]
  readonly collectionPartners: readonly string[]
  readonly managers: readonly string[]
}

const GENERIC_GROUPS = ['NATIONAL', 'NAT', 'EXPORT', 'EXCB2B-NAT', 'EMP-NAT', 'OM']

function entity(e: Omit<DemoEntity, 'managers'> & { managers?: readonly string[] }): DemoEntity {
  return { managers: ['JUMIA\\A.MANAGER', 'JUMIA\\F.ACCOUNTANT'], ...e }
}

export const DEMO_ENTITIES: readonly DemoEntity[] = [
  entity({
    code: 'EC_NG',
    name: 'Jumia Nigeria',
    country: 'NG',
    countryName: 'Nigeria',
    currency: 'NGN',
    inConsoScope: true,
    isActive: true,
    baseRate: 1530.5,
    weight: 0.2,
    voucherIdBase: 110_000_000,
    postingGroups: ['B2C-NG-NAT', 'B2B-NG-NAT', 'B2C-NG-INT', 'NTR-NG-NAT', 'LOAN-REC-NAT', 'EMP-NAT'],
    collectionPartners: ['GIG Logistics', 'Kwik Delivery', 'Paystack', 'Flutterwave', 'Jumia Logistics NG'],
    managers: ['JUMIA\\A.MANAGER', 'JUMIA\\F.ADEYEMI', 'JUMIA\\O.BELLO'],
  }),
  entity({
    code: 'JD_GH',
    name: 'Jumia Ghana',
    country: 'GH',
    countryName: 'Ghana',
    currency: 'GHS',
    inConsoScope: true,
    isActive: true,
    baseRate: 15.32,
    weight: 0.08,
    voucherIdBase: 120_000_000,
    postingGroups: GENERIC_GROUPS,
    collectionPartners: ['MTN MoMo', 'DHL Ghana', 'Jumia Logistics GH'],
    managers: ['JUMIA\\A.MANAGER', 'JUMIA\\K.OWUSU'],
  }),
  entity({
    code: 'EC_KE',
    name: 'Jumia Kenya',
    country: 'KE',
    countryName: 'Kenya',
    currency: 'KES',
    inConsoScope: true,
    isActive: true,
    baseRate: 129.45,
    weight: 0.13,
    voucherIdBase: 130_000_000,
    postingGroups: GENERIC_GROUPS,
    collectionPartners: ['M-Pesa', 'Sendy', 'Jumia Logistics KE'],
    managers: ['JUMIA\\A.MANAGER', 'JUMIA\\W.KAMAU'],
  }),
  entity({
    code: 'JM_EG',
    name: 'Jumia Egypt',
    country: 'EG',
    countryName: 'Egypt',
    currency: 'EGP',
    inConsoScope: true,
    isActive: true,
    baseRate: 48.62,
    weight: 0.17,
    voucherIdBase: 140_000_000,
    postingGroups: ['NATIONAL', 'EXPORT', 'EU', 'INL', 'EMP-NAT'],
    collectionPartners: ['Bosta', 'Aramex Egypt', 'Fawry', 'Jumia Logistics EG'],
    managers: ['JUMIA\\A.MANAGER', 'JUMIA\\M.HASSAN'],
  }),
  entity({
    code: 'EC_MA',
    name: 'Jumia Morocco',
    country: 'MA',
    countryName: 'Morocco',
    currency: 'MAD',
    inConsoScope: true,
    isActive: true,
    baseRate: 9.95,
    weight: 0.12,
    voucherIdBase: 150_000_000,
    postingGroups: ['NATIONAL', 'UE', 'EXPORT', 'EMP-NAT'],
    collectionPartners: ['CMI', 'Amana', 'Jumia Logistics MA'],
    managers: ['JUMIA\\A.MANAGER', 'JUMIA\\Y.BENANI'],
  }),
  entity({
    code: 'EC_IC',
    name: "Jumia Cote d'Ivoire",
    country: 'CI',
    countryName: "Cote d'Ivoire",
    currency: 'XOF',
    inConsoScope: true,
    isActive: true,
    baseRate: 601.3,
    weight: 0.09,
    voucherIdBase: 160_000_000,
    postingGroups: GENERIC_GROUPS,
    collectionPartners: ['Orange Money CI', 'Wave CI', 'Jumia Logistics CI'],
  }),
  entity({
    code: 'HF_SN',
    name: 'Jumia Senegal',
    country: 'SN',
    countryName: 'Senegal',
    currency: 'XOF',
    inConsoScope: true,
    isActive: true,
    baseRate: 601.3,
    weight: 0.07,
    voucherIdBase: 170_000_000,
    postingGroups: GENERIC_GROUPS,
    collectionPartners: ['Wave SN', 'Orange Money SN', 'Jumia Logistics SN'],
  }),
  entity({
    code: 'JD_UG',
    name: 'Jumia Uganda',
    country: 'UG',
    countryName: 'Uganda',
    currency: 'UGX',
    inConsoScope: true,
    isActive: true,
    baseRate: 3681.0,
    weight: 0.07,
    voucherIdBase: 180_000_000,
    postingGroups: GENERIC_GROUPS,
    collectionPartners: ['MTN Mobile Money UG', 'Airtel Money', 'Jumia Logistics UG'],
  }),
  entity({
    code: 'JD_DZ',
    name: 'Jumia Algeria',
    country: 'DZ',
    countryName: 'Algeria',
    currency: 'DZD',
    inConsoScope: true,
    isActive: true,
    baseRate: 134.2,
    weight: 0.07,
    voucherIdBase: 190_000_000,
    postingGroups: ['NATIONAL', 'NAT', 'EMP-NAT'],
    collectionPartners: ['Yalidine', 'Jumia Logistics DZ'],
  }),
  entity({
    code: 'EC_TN',
    name: 'Jumia Tunisia',
    country: 'TN',
    countryName: 'Tunisia',
    currency: 'TND',
    inConsoScope: false,
    isActive: true,
    baseRate: 3.12,
    weight: 0.03,
    voucherIdBase: 200_000_000,
    postingGroups: ['NATIONAL', 'EXPORT'],
    collectionPartners: ['Aramex Tunisia'],
  }),
  entity({
    code: 'EC_ZA',
    name: 'Jumia South Africa',
    country: 'ZA',
    countryName: 'South Africa',
    currency: 'ZAR',
    inConsoScope: false,
    isActive: false,
    baseRate: 18.41,
    weight: 0.02,
    voucherIdBase: 210_000_000,
    postingGroups: ['NATIONAL'],
    collectionPartners: ['PayFast'],
  }),
]

export const IN_SCOPE_CODES: readonly string[] = DEMO_ENTITIES.filter((e) => e.inConsoScope).map((e) => e.code)

export function demoEntity(code: string): DemoEntity | undefined {
  return DEMO_ENTITIES.find((e) => e.code === code)
}

/**
 * Closing rate (LCY per 1 USD) of a month, four decimals, within ±2% of the base rate so that
 * each month differs. Every demo entity has a rate: FX_MISSING is covered by unit tests.
 */
export function closingRate(e: DemoEntity, month: number): number {
  const drift = (((month * 37) % 41) - 20) / 1000
  return Math.round(e.baseRate * (1 + drift) * 10_000) / 10_000
}

export const BUSINESS_LINES = ['RETAIL', 'MARKETPLACE', 'JFOOD', 'JPAY', 'LOGISTICS', 'ADVERTISING'] as const

/** The integration user of methodology §5, as NAV writes it and in the lower-case form some rows carry. */
export const INTEGRATION_USER = 'JUMIA/NAV31AFR.BATCH.SRVC'
export const INTEGRATION_USER_VARIANT = 'jumia\\nav31afr.batch.srvc'
