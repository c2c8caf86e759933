import { describe, expect, it } from 'vitest'
import type { Cr05Row } from '../../../shared/extracts/rows.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { closingRates, rateOf } from '../../../shared/recon/fx-rates.ts'

const cr05 = (o: Partial<Cr05Row> = {}): Cr05Row => ({ companyCode: 'EC_NG', year: 2025, month: 9, rate: '1650', ...o })
const september = parsePeriod('2025-09')

describe('closingRates (methodology §2, §11)', () => {
  it('takes the month-N closing rate of each company, LCY per 1 USD', () => {
    const rates = closingRates([cr05(), cr05({ companyCode: 'JM_EG', rate: '48.9' })], september)
    expect(rateOf(rates, 'EC_NG')?.text).toBe('1650')
    expect(rateOf(rates, 'JM_EG')?.text).toBe('48.9')
  })

  it('ignores rows of other months and years', () => {
    const rates = closingRates([cr05({ month: 8, rate: '1500' }), cr05({ year: 2024, rate: '1400' })], september)
    expect(rateOf(rates, 'EC_NG')).toBeNull()
  })

  it('reads a zero or empty rate as missing, never as 1', () => {
    const rates = closingRates([cr05({ rate: '0' }), cr05({ companyCode: 'JD_GH', rate: null })], september)
    expect(rateOf(rates, 'EC_NG')).toBeNull()
    expect(rateOf(rates, 'JD_GH')).toBeNull()
  })

  it('gives no rate to a company absent from CR_05', () => {
    expect(rateOf(closingRates([cr05()], september), 'EC_KE')).toBeNull()
  })

  it('accepts a repeated identical rate and a usable rate beside an empty one', () => {
    const rates = closingRates([cr05({ rate: null }), cr05({ rate: '1650.00' }), cr05({ rate: '1650' })], september)
    expect(rateOf(rates, 'EC_NG')?.text).toBe('1650')
  })

  it('fails on two different rates for one company rather than picking one', () => {
    expect(() => closingRates([cr05(), cr05({ rate: '1651' })], september)).toThrow(
      expect.objectContaining({ code: 'TIEOUT_ERR_DATA_QUALITY', message: expect.stringContaining('EC_NG has two closing rates') }),
    )
  })
})
