import { describe, expect, it } from 'vitest'
import { parsePeriod } from '../../../../shared/period.ts'
import { demoGroundTruth } from '../../../../server/demo/index.ts'

const truth = demoGroundTruth({ period: parsePeriod('2025-09'), scale: 0.02 })
const entity = (code: string) => truth.entities.find((e) => e.companyCode === code)
const statuses = (code: string) => Object.fromEntries((entity(code)?.groups ?? []).map((group) => [group.key, group.status]))

describe('planted variances against the methodology §8 default thresholds', () => {
  it('plants group variances both under and over the 1000 USD bucket threshold', () => {
    const all = truth.entities.flatMap((e) => e.groups.map((group) => group.status))
    expect(all.filter((status) => status === 'INVESTIGATE').length).toBeGreaterThanOrEqual(6)
    expect(all.filter((status) => status === 'OK').length).toBeGreaterThanOrEqual(40)
  })

  it('EC_NG must investigate Customer AR and the voucher liability, and nothing else', () => {
    expect(statuses('EC_NG')).toEqual({
      'collection-accounts': 'OK',
      'customer-ar': 'INVESTIGATE',
      'packages-delivered': 'OK',
      'marketplace-accrued-revenue': 'OK',
      'marketplace-refund-liability': 'OK',
      'customer-prepayments': 'OK',
      'voucher-liability': 'INVESTIGATE',
    })
    expect(entity('EC_NG')?.groups.find((group) => group.key === 'customer-ar')?.unexplainedUsd).toBe('4200.00')
  })

  it('entities whose groups are all under the threshold conclude OK, the near-threshold one included', () => {
    expect(truth.entities.filter((e) => e.conclusion === 'OK').map((e) => e.companyCode)).toEqual(['JD_GH', 'EC_IC', 'HF_SN'])
    expect(Number(entity('HF_SN')?.totalUnexplainedUsd)).toBeGreaterThan(6000)
  })

  it('EC_IC ties exactly: zero unexplained although its voucher bridges explain a variance', () => {
    const vouchers = entity('EC_IC')?.groups.find((group) => group.key === 'voucher-liability')
    expect(vouchers?.unexplainedLcy).toBe('0.00')
    expect(vouchers?.varianceLcy).toBe(vouchers?.explainedLcy)
    expect(vouchers?.explainedLcy).not.toBe('0.00')
  })

  it('JM_EG uses its own thresholds: country materiality 22000 and 5000 USD for voucher bridge lines', () => {
    expect(entity('JM_EG')?.countryThresholdUsd).toBe('22000.00')
    const voucherLines = truth.items.filter((item) => item.companyCode === 'JM_EG' && (item.bridge === 'timing' || item.bridge === 'vtc'))
    expect(voucherLines.filter((item) => item.material).map((item) => item.role)).toEqual(['timing-absent-from-jdash'])
    const ngMaterial = truth.items.filter(
      (item) => item.companyCode === 'EC_NG' && (item.bridge === 'timing' || item.bridge === 'vtc') && item.material,
    )
    expect(ngMaterial.map((item) => item.role).sort()).toEqual(['timing-absent-from-jdash', 'timing-decimal-id', 'vtc-unbooked'])
  })

  it('variance = explained + unexplained for every group, and actuals carry the group sign', () => {
    for (const e of truth.entities) {
      for (const group of e.groups) {
        const cents = (value: string) => Math.round(Number(value) * 100)
        expect(cents(group.varianceLcy)).toBe(cents(group.explainedLcy) + cents(group.unexplainedLcy))
        expect(cents(group.varianceLcy)).toBe(group.sign * cents(group.actualsLcy) - cents(group.tvLcy))
      }
    }
  })
})
