import { dataQualityError } from '../errors.ts'
import type { Cr05Row } from '../extracts/rows.ts'
import { fxRateOf, type FxRate } from '../fx.ts'
import type { Period } from '../period.ts'

/** Closing rate per company code (LCY per 1 USD); `null` = FX_MISSING for that entity. */
export type ClosingRates = ReadonlyMap<string, FxRate | null>

/**
 * The month-N closing rate of each company in CR_05 (methodology §2, §11). Rows of other months are
 * ignored; a zero, negative or empty rate is missing, never 1. Two different usable rates for
 * one company cannot both be right, so they fail the run rather than one being picked.
 */
export function closingRates(cr05Rows: Iterable<Cr05Row>, period: Period): ClosingRates {
  const rates = new Map<string, FxRate | null>()
  for (const row of cr05Rows) {
    if (row.year !== period.fxYear || row.month !== period.fxMonth) continue
    const company = (row.companyCode ?? '').trim()
    if (company === '') continue
    const rate = fxRateOf(row.rate)
    const known = rates.get(company) ?? null
    if (known !== null && rate !== null && known.text !== rate.text) {
      throw dataQualityError(`CR_05: company ${company} has two closing rates for ${period.period}: ${known.text} and ${rate.text}`)
    }
    rates.set(company, known ?? rate)
  }
  return rates
}

/** The rate of one company; a company absent from CR_05 has no rate. */
export function rateOf(rates: ClosingRates, companyCode: string): FxRate | null {
  return rates.get(companyCode) ?? null
}
