import { createHash } from 'node:crypto'
import { fxRateOf, lcyToUsd } from '../../shared/fx.ts'
import { cents, centsToDecimal } from '../../shared/money.ts'
import { parsePeriod } from '../../shared/period.ts'
import type { EntityInfo, Status, ThresholdRef, ThresholdType } from '../../shared/result/types.ts'

/** The run's fixed facts: period 2025-09, EC_NG at 1530.25 NGN per USD, JD_GH without a rate. */
export const PERIOD = parsePeriod('2025-09')
export const RUN_ID = 'run-2025-09-0001'

export const ENTITY_NG: EntityInfo = { companyCode: 'EC_NG', name: 'Jumia Nigeria', countryCode: 'NG', currency: 'NGN', fxRate: '1530.25' }
export const ENTITY_GH: EntityInfo = { companyCode: 'JD_GH', name: 'Jumia Ghana', countryCode: 'GH', currency: 'GHS', fxRate: null }

export const sha = (label: string): string => createHash('sha256').update(label).digest('hex')

const THRESHOLD_FILE = 'config/thresholds/DEFAULT.json'
const THRESHOLD_VALUES: Record<ThresholdType, [string, number]> = {
  BUCKET_USD: ['1000.00', 0],
  LINE_ITEM_USD: ['500.00', 1],
  COUNTRY_MATERIALITY_USD: ['10000.00', 2],
}

export function threshold(type: ThresholdType): ThresholdRef {
  const [valueUsd, rule] = THRESHOLD_VALUES[type]
  return { type, valueUsd, file: THRESHOLD_FILE, sha256: sha(THRESHOLD_FILE), rule }
}

const RATES = new Map([ENTITY_NG, ENTITY_GH].map((e) => [e.companyCode, fxRateOf(e.fxRate)]))

/** Fixture figures are plain numbers of cents, checked and converted here. */
export function decimalOf(amount: number): string {
  return centsToDecimal(cents(amount))
}

export function usd(companyCode: string, lcy: number): string | null {
  const usdCents = lcyToUsd(cents(lcy), RATES.get(companyCode) ?? null)
  return usdCents === null ? null : centsToDecimal(usdCents)
}

export function statusOf(companyCode: string, lcy: number, limitUsdCents: number): Status {
  const usdCents = lcyToUsd(cents(lcy), RATES.get(companyCode) ?? null)
  if (usdCents === null) return 'FX_MISSING'
  return Math.abs(usdCents) >= limitUsdCents ? 'INVESTIGATE' : 'OK'
}
