import { describe, expect, it } from 'vitest'
import type { Ipe08Row, Ipe08UsageRow } from '../../../shared/extracts/rows.ts'
import { parsePeriod } from '../../../shared/period.ts'
import type { NavMovement } from '../../../shared/recon/categorization.ts'
import { type RollForwardLine, computeRollForward } from '../../../shared/recon/roll-forward.ts'
import { rowOf, type PlainAmounts } from '../../support/plain-amounts.ts'

const PERIOD = parsePeriod('2025-09')

/** A voucher that touches no BOB bucket until a test gives it a date. */
const voucher = (o: Partial<PlainAmounts<Ipe08Row>> = {}): Ipe08Row =>
  rowOf<Ipe08Row>({
    companyCode: 'EC_NG',
    id: 'V001',
    businessUse: 'refund',
    isActive: true,
    discountAmount: 10_000,
    toDate: '2026-12-31T00:00:00',
    isValid: 'valid',
    createdAt: '2024-06-01T00:00:00',
    voucherInactiveDate: null,
    remainingAmount: 4_000,
    totalAmountUsed: 6_000,
    minInactiveDate: null,
    ...o,
  })

const usage = (o: Partial<PlainAmounts<Ipe08UsageRow>> = {}): Ipe08UsageRow =>
  rowOf<Ipe08UsageRow>({
    companyCode: 'EC_NG',
    id: 'V001',
    businessUse: 'store_credit',
    deliveryMonth: 202505,
    totalAmountUsed: 2_500,
    ...o,
  })

const nav = (o: Partial<PlainAmounts<NavMovement>> = {}): NavMovement =>
  rowOf<NavMovement>({
    companyCode: 'EC_NG',
    category: 'Issuance',
    voucherType: 'Refund',
    amountLcy: 0,
    ...o,
  })

function rollForward(
  o: { navMovements?: NavMovement[]; vouchers?: Ipe08Row[]; usage?: Ipe08UsageRow[]; companyCode?: string } = {},
): RollForwardLine[] {
  return computeRollForward({
    companyCode: o.companyCode ?? 'EC_NG',
    period: PERIOD,
    navMovements: o.navMovements ?? [],
    vouchers: o.vouchers ?? [],
    usage: o.usage ?? [],
  })
}

/** [category, voucher type, BOB] of every bucket. */
const bob = (lines: RollForwardLine[]) => lines.map((line) => [line.category, line.voucherType, line.bobLcy])

describe('roll-forward, BOB issuance (methodology §5)', () => {
  it('sums discount_amount of in-scope vouchers created in [yearStart, nextPeriodStart)', () => {
    const lines = rollForward({
      vouchers: [
        voucher({ id: 'A', createdAt: '2025-01-01T00:00:00', discountAmount: 100 }),
        voucher({ id: 'B', createdAt: '2025-09-30T23:59:59', discountAmount: 20 }),
        voucher({ id: 'C', createdAt: '2024-12-31T23:59:59', discountAmount: 4 }),
        voucher({ id: 'D', createdAt: '2025-10-01T00:00:00', discountAmount: 8 }),
      ],
    })
    expect(bob(lines)).toEqual([['Issuance', 'Refund', 120]])
  })

  it('leaves marketing vouchers out of scope', () => {
    expect(rollForward({ vouchers: [voucher({ createdAt: '2025-03-01T00:00:00', businessUse: 'marketing' })] })).toEqual([])
  })

  it.each([
    ['jpay_store_credit_gift', 'Store Credit'],
    ['Jpay store_credit', 'Store Credit'],
    ['APOLOGY_V2', 'Apology'],
    ['jforce', 'JForce'],
  ])('keys a %s voucher by its canonical type %s', (businessUse, voucherType) => {
    const lines = rollForward({ vouchers: [voucher({ businessUse, createdAt: '2025-03-01T00:00:00', discountAmount: 50 })] })
    expect(bob(lines)).toEqual([['Issuance', voucherType, 50]])
  })

  it('skips a null discount_amount', () => {
    expect(rollForward({ vouchers: [voucher({ createdAt: '2025-03-01T00:00:00', discountAmount: null })] })).toEqual([])
  })
})

describe('roll-forward, BOB usage', () => {
  it('sums TotalAmountUsed of in-scope usage rows with Delivery_mth in [yearStart, N]', () => {
    const lines = rollForward({
      usage: [
        usage({ deliveryMonth: 202501, totalAmountUsed: 1 }),
        usage({ deliveryMonth: 202509, totalAmountUsed: 10 }),
        usage({ deliveryMonth: 202412, totalAmountUsed: 100 }),
        usage({ deliveryMonth: 202510, totalAmountUsed: 1_000 }),
        usage({ deliveryMonth: null, totalAmountUsed: 10_000 }),
      ],
    })
    expect(bob(lines)).toEqual([['Usage', 'Store Credit', 11]])
  })

  it('scopes and types usage by the business_use on the usage row', () => {
    const lines = rollForward({
      vouchers: [voucher({ id: 'V001', businessUse: 'marketing' })],
      usage: [
        usage({ id: 'V001', businessUse: 'jforce', totalAmountUsed: 7 }),
        usage({ id: 'V002', businessUse: 'marketing', totalAmountUsed: 9 }),
      ],
    })
    expect(bob(lines)).toEqual([['Usage', 'JForce', 7]])
  })
})

describe('roll-forward, BOB expired, VTC and cancellation', () => {
  it('sums remaining_amount of in-scope vouchers whose to_date is in [yearStart, nextPeriodStart)', () => {
    const lines = rollForward({
      vouchers: [
        voucher({ id: 'A', businessUse: 'apology', toDate: '2025-09-30T23:59:59', remainingAmount: 30 }),
        voucher({ id: 'B', businessUse: 'apology', toDate: '2025-10-01T00:00:00', remainingAmount: 300 }),
        voucher({ id: 'C', businessUse: 'apology', toDate: '2024-12-31T23:59:59', remainingAmount: 3_000 }),
      ],
    })
    expect(bob(lines)).toEqual([['Expired', 'Apology', 30]])
  })

  it('puts an inactive refund voucher that became inactive this year in VTC, others in Cancellation', () => {
    const lines = rollForward({
      vouchers: [
        voucher({ id: 'R', businessUse: 'refund', isActive: false, voucherInactiveDate: '2025-09-30T23:59:59', remainingAmount: 40 }),
        voucher({ id: 'S', businessUse: 'store_credit', isActive: false, voucherInactiveDate: '2025-02-01T00:00:00', remainingAmount: 60 }),
        voucher({ id: 'T', businessUse: 'refund', isActive: false, voucherInactiveDate: '2025-10-01T00:00:00', remainingAmount: 500 }),
      ],
    })
    expect(bob(lines)).toEqual([
      ['Cancellation', 'Store Credit', 60],
      ['VTC', 'Refund', 40],
    ])
  })

  it('reads the inactive date from min_inactive_date when voucher_inactive_date is null', () => {
    const lines = rollForward({
      vouchers: [voucher({ isActive: false, voucherInactiveDate: null, minInactiveDate: '2025-05-05T10:00:00', remainingAmount: 70 })],
    })
    expect(bob(lines)).toEqual([['VTC', 'Refund', 70]])
  })

  it('prefers voucher_inactive_date over min_inactive_date', () => {
    const lines = rollForward({
      vouchers: [voucher({ isActive: false, voucherInactiveDate: '2024-11-01T00:00:00', minInactiveDate: '2025-05-05T00:00:00' })],
    })
    expect(lines).toEqual([])
  })

  it('counts a voucher inactive in the year and expired in the year once, in VTC/Cancellation, not Expired', () => {
    const lines = rollForward({
      vouchers: [
        voucher({
          businessUse: 'jforce',
          isActive: false,
          voucherInactiveDate: '2025-04-01T00:00:00',
          toDate: '2025-06-30T00:00:00',
          remainingAmount: 80,
        }),
      ],
    })
    expect(bob(lines)).toEqual([['Cancellation', 'JForce', 80]])
  })

  it('counts an expired voucher that became inactive before the year as Expired', () => {
    const lines = rollForward({
      vouchers: [
        voucher({ isActive: false, voucherInactiveDate: '2024-12-01T00:00:00', toDate: '2025-06-30T00:00:00', remainingAmount: 90 }),
      ],
    })
    expect(bob(lines)).toEqual([['Expired', 'Refund', 90]])
  })

  it('needs is_active false: an active voucher with an inactive date this year is not VTC (null is not inactive)', () => {
    const lines = rollForward({
      vouchers: [
        voucher({ id: 'A', isActive: true, voucherInactiveDate: '2025-04-01T00:00:00' }),
        voucher({
          id: 'B',
          isActive: null,
          voucherInactiveDate: '2025-04-01T00:00:00',
          toDate: '2025-05-01T00:00:00',
          remainingAmount: 11,
        }),
      ],
    })
    expect(bob(lines)).toEqual([['Expired', 'Refund', 11]])
  })

  it('counts issuance and one of VTC/Cancellation/Expired for the same voucher', () => {
    const lines = rollForward({
      vouchers: [
        voucher({
          createdAt: '2025-02-01T00:00:00',
          discountAmount: 100,
          isActive: false,
          voucherInactiveDate: '2025-03-01T00:00:00',
          remainingAmount: 25,
        }),
      ],
    })
    expect(bob(lines)).toEqual([
      ['Issuance', 'Refund', 100],
      ['VTC', 'Refund', 25],
    ])
  })
})

describe('roll-forward buckets', () => {
  it('takes NAV movement per category × voucher type; variance = NAV − BOB', () => {
    const lines = rollForward({
      navMovements: [nav({ amountLcy: 150 })],
      vouchers: [voucher({ createdAt: '2025-03-01T00:00:00', discountAmount: 100 })],
    })
    expect(lines).toEqual([
      { companyCode: 'EC_NG', category: 'Issuance', voucherType: 'Refund', navLcy: 150, bobLcy: 100, varianceLcy: 50 },
    ])
  })

  it('keeps the union of NAV and BOB buckets, a missing side being 0', () => {
    const lines = rollForward({
      navMovements: [nav({ category: 'Usage', voucherType: 'Apology', amountLcy: 40 })],
      usage: [usage({ businessUse: 'refund', totalAmountUsed: 30 })],
    })
    expect(lines.map((line) => [line.category, line.voucherType, line.navLcy, line.bobLcy, line.varianceLcy])).toEqual([
      ['Usage', 'Refund', 0, 30, -30],
      ['Usage', 'Apology', 40, 0, 40],
    ])
  })

  it('labels a NAV bucket without voucher type "(none)"', () => {
    const lines = rollForward({ navMovements: [nav({ category: 'Expired', voucherType: null, amountLcy: 5 })] })
    expect(lines).toEqual([{ companyCode: 'EC_NG', category: 'Expired', voucherType: '(none)', navLcy: 5, bobLcy: 0, varianceLcy: 5 }])
  })

  it('sorts by category order, then voucher type order with "(none)" last', () => {
    const lines = rollForward({
      navMovements: [
        nav({ category: 'VTC', voucherType: 'Refund' }),
        nav({ category: 'Usage', voucherType: null }),
        nav({ category: 'Usage', voucherType: 'Store Credit' }),
        nav({ category: 'Issuance', voucherType: 'JForce' }),
        nav({ category: 'Cancellation', voucherType: 'Apology' }),
        nav({ category: 'Expired', voucherType: 'Refund' }),
        nav({ category: 'Usage', voucherType: 'Refund' }),
      ],
    })
    expect(lines.map((line) => `${line.category}/${line.voucherType}`)).toEqual([
      'Issuance/JForce',
      'Cancellation/Apology',
      'Usage/Refund',
      'Usage/Store Credit',
      'Usage/(none)',
      'Expired/Refund',
      'VTC/Refund',
    ])
  })

  it('counts only rows of the given company', () => {
    const lines = rollForward({
      navMovements: [nav({ companyCode: 'EC_KE', amountLcy: 1 })],
      vouchers: [voucher({ companyCode: 'EC_KE', createdAt: '2025-03-01T00:00:00' })],
      usage: [usage({ companyCode: 'EC_KE' })],
    })
    expect(lines).toEqual([])
  })

  // AC-46 (domain-logic §8.5), adjusted to methodology §5: buckets are per entity × category × voucher
  // type (no "Voucher" category, no netting of usage against issuance) and BOB movements are positive.
  it('AC-46 builds BOB issuance, usage and expiry per entity × category × voucher type', () => {
    const vouchers = [
      voucher({ id: 'N1', businessUse: 'refund', createdAt: '2025-02-01T00:00:00', discountAmount: 500_000 }),
      voucher({ id: 'N2', businessUse: 'store_credit', createdAt: '2025-02-01T00:00:00', discountAmount: 1_000_000 }),
      voucher({ companyCode: 'JM_EG', id: 'E1', businessUse: 'apology', createdAt: '2025-02-01T00:00:00', discountAmount: 200_000 }),
      voucher({ companyCode: 'JM_EG', id: 'E2', businessUse: 'apology', toDate: '2025-08-31T00:00:00', remainingAmount: 50_000 }),
    ]
    const usages = [
      usage({ businessUse: 'refund', totalAmountUsed: 150_000 }),
      usage({ businessUse: 'store_credit', totalAmountUsed: 300_000 }),
    ]
    expect(bob(rollForward({ vouchers, usage: usages }))).toEqual([
      ['Issuance', 'Refund', 500_000],
      ['Issuance', 'Store Credit', 1_000_000],
      ['Usage', 'Refund', 150_000],
      ['Usage', 'Store Credit', 300_000],
    ])
    expect(bob(rollForward({ vouchers, usage: usages, companyCode: 'JM_EG' }))).toEqual([
      ['Issuance', 'Apology', 200_000],
      ['Expired', 'Apology', 50_000],
    ])
  })
})
