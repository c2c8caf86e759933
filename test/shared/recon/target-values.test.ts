import { describe, expect, it } from 'vitest'
import type { Ipe07Row, Ipe08Row, Ipe10Row } from '../../../shared/extracts/rows.ts'
import { accountGroup, parseAccountMap } from '../../../shared/recon/account-map.ts'
import { entityTargetValues, targetValues, tvOf, tvTotal } from '../../../shared/recon/target-values.ts'
import { shippedConfig } from './shipped-config.ts'
import { rowOf, type PlainAmounts } from '../../support/plain-amounts.ts'

const shipped = shippedConfig('config/account-map.json')
const map = parseAccountMap(shipped.json, shipped.file)

const prepayment = (o: Partial<PlainAmounts<Ipe10Row>> = {}): Ipe10Row =>
  rowOf<Ipe10Row>({ companyCode: 'EC_NG', paidForItems: 10_000, paidForShipping: 500, ...o })

const voucher = (o: Partial<PlainAmounts<Ipe08Row>> = {}): Ipe08Row =>
  rowOf<Ipe08Row>({
    companyCode: 'EC_NG',
    id: 'V-1',
    businessUse: 'store_credit',
    isActive: true,
    discountAmount: 20_000,
    toDate: '2026-01-31T00:00:00',
    isValid: 'valid',
    createdAt: '2025-03-01T10:00:00',
    voucherInactiveDate: null,
    remainingAmount: 12_500,
    totalAmountUsed: 7_500,
    minInactiveDate: null,
    ...o,
  })

const openEntry = (o: Partial<PlainAmounts<Ipe07Row>> = {}): Ipe07Row =>
  rowOf<Ipe07Row>({
    companyCode: 'EC_NG',
    entryNo: 1,
    customerNo: 'C-1',
    customerName: 'Customer 1',
    postingGroup: 'B2C-NG-NAT',
    buslineCode: 'BL01',
    remainingLcy: 30_000,
    ...o,
  })

const prepayments = accountGroup(map, 'customer-prepayments')!
const vouchers = accountGroup(map, 'voucher-liability')!

describe('target values (methodology §4)', () => {
  it('customer prepayments TV is Σ PAID_FOR_ITEMS + PAID_FOR_SHIPPING, nulls skipped', () => {
    const rows = [prepayment(), prepayment({ paidForItems: null, paidForShipping: 250 })]
    expect(tvTotal(prepayments.tv, rows, 'EC_NG')).toBe(10_750)
  })

  it('voucher liability TV counts remaining_amount of non-marketing vouchers that are active and valid at closing', () => {
    const rows = [
      voucher(),
      voucher({ id: 'V-2', businessUse: 'marketing', remainingAmount: 1_000 }),
      voucher({ id: 'V-3', isActive: false, remainingAmount: 2_000 }),
      voucher({ id: 'V-4', isActive: null, remainingAmount: 4_000 }),
      voucher({ id: 'V-5', isValid: 'expired', remainingAmount: 8_000 }),
      voucher({ id: 'V-6', businessUse: ' JPAY_STORE_CREDIT_gift ', isValid: ' Valid ', remainingAmount: 100 }),
    ]
    expect(tvTotal(vouchers.tv, rows, 'EC_NG')).toBe(12_600)
  })

  it('ignores rows of other companies (methodology §11)', () => {
    expect(tvTotal(prepayments.tv, [prepayment({ companyCode: 'JM_EG' })], 'EC_NG')).toBe(0)
  })

  it('gives NO_TV (undefined) for a group whose extract was not part of the run', () => {
    const values = targetValues(map, { IPE_10: [prepayment()] })
    expect(tvOf(values, 'customer-prepayments', 'EC_NG')).toBe(10_500)
    expect(tvOf(values, 'customer-ar', 'EC_NG')).toBeUndefined()
  })

  it('gives TV 0 to an entity without rows in an extract that was part of the run (methodology §11 NO_TV)', () => {
    const values = targetValues(map, { IPE_07: [openEntry({ companyCode: 'JM_EG' })] })
    expect(tvOf(values, 'customer-ar', 'EC_NG')).toBe(0)
    expect(tvOf(values, 'customer-ar', 'JM_EG')).toBe(30_000)
  })

  it('buckets every company in one pass', () => {
    const values = targetValues(map, {
      IPE_07: [openEntry(), openEntry({ entryNo: 2, remainingLcy: -5_000 }), openEntry({ companyCode: 'JM_EG', remainingLcy: 1 })],
    })
    expect(Object.fromEntries(values.get('customer-ar')!)).toEqual({ EC_NG: 25_000, JM_EG: 1 })
  })

  it('entityTargetValues keeps only the groups whose extract was in the run', () => {
    const values = targetValues(map, { IPE_07: [], IPE_08: [voucher()] })
    expect(Object.fromEntries(entityTargetValues(values, map, 'EC_NG'))).toEqual({ 'customer-ar': 0, 'voucher-liability': 12_500 })
  })
})
