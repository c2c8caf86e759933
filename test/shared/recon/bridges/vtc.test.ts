import { describe, expect, it } from 'vitest'
import type { Ipe08Row } from '../../../../shared/extracts/rows.ts'
import { parsePeriod, type Period } from '../../../../shared/period.ts'
import { vtcBridge } from '../../../../shared/recon/bridges/vtc.ts'
import { normalizeVoucherId } from '../../../../shared/recon/vouchers.ts'
import { COMPANY, SEPTEMBER_2025, voucher } from './factories.ts'
import type { PlainAmounts } from '../../../support/plain-amounts.ts'

function run(vouchers: Ipe08Row[], navIds: (string | null)[] = [], period: Period = SEPTEMBER_2025) {
  const navCancellationVoucherIds = new Set(navIds.map(normalizeVoucherId).filter((id): id is string => id !== null))
  return vtcBridge({ companyCode: COMPANY, period, vouchers, navCancellationVoucherIds })
}

const ids = (result: ReturnType<typeof run>) => result.lines.map((line) => line.businessKey)
const diagnosticOf = (result: ReturnType<typeof run>, label: string) => result.diagnostics.find((d) => d.label.startsWith(label))

describe('VTC adjustment: line = unbooked refund voucher, amount = remaining_amount (methodology §6)', () => {
  it('lists a refund voucher cancelled in the period with no NAV entry, keyed vtc|entity|voucher id', () => {
    const result = run([voucher({ remainingAmount: 10000 })])
    expect(result.totalLcy).toBe(10000)
    expect(result.lines).toEqual([
      expect.objectContaining({ key: 'vtc|EC_NG|V001', bridge: 'vtc', companyCode: COMPANY, amountLcy: 10000 }),
    ])
  })

  it('leaves out a voucher whose normalized id has a NAV 18412 Cancellation or VTC entry', () => {
    const result = run([voucher({ id: 'V001', remainingAmount: 10000 }), voucher({ id: 'V002', remainingAmount: 20000 })], ['V001'])
    expect(ids(result)).toEqual(['V002'])
    expect(result.totalLcy).toBe(20000)
  })

  it.each([
    ['a store-credit voucher', { businessUse: 'store_credit' }],
    ['a voucher without business use', { businessUse: null }],
    ['an invalid voucher', { isValid: 'invalid' }],
    ['a voucher without Is_Valid', { isValid: null }],
    ['an active voucher', { isActive: true }],
    ['a voucher whose is_active is unknown', { isActive: null }],
    ['a voucher inactive before periodStart', { voucherInactiveDate: '2025-08-31T23:59:59' }],
    ['a voucher inactive on nextPeriodStart', { voucherInactiveDate: '2025-10-01T00:00:00' }],
    ['a voucher without any inactive date', { voucherInactiveDate: null, minInactiveDate: null }],
  ])('leaves out %s', (_, override: Partial<PlainAmounts<Ipe08Row>>) => {
    const result = run([voucher({ remainingAmount: 100, ...override })])
    expect(result.lines).toEqual([])
    expect(diagnosticOf(result, 'refund vouchers inactive in the period')?.count).toBe(0)
  })

  it('compares business use and Is_Valid case-insensitively on trimmed values (methodology §11)', () => {
    expect(run([voucher({ businessUse: ' Refund ', isValid: 'VALID ', remainingAmount: 100 })]).totalLcy).toBe(100)
  })

  it('takes min_inactive_date when voucher_inactive_date is empty', () => {
    expect(run([voucher({ voucherInactiveDate: null, minInactiveDate: '2025-09-01T00:00:00', remainingAmount: 100 })]).totalLcy).toBe(100)
  })

  it('prefers voucher_inactive_date over min_inactive_date', () => {
    const result = run([
      voucher({ voucherInactiveDate: '2025-08-01T00:00:00', minInactiveDate: '2025-09-01T00:00:00', remainingAmount: 100 }),
    ])
    expect(result.lines).toEqual([])
  })

  it('counts an unbooked voucher with nothing remaining as a zero line, not listed', () => {
    const result = run([
      voucher({ id: 'V001', remainingAmount: 0 }),
      voucher({ id: 'V002', remainingAmount: null }),
      voucher({ id: 'V003', remainingAmount: 5 }),
    ])
    expect(ids(result)).toEqual(['V003'])
    expect(result.zeroLineCount).toBe(2)
  })

  it('reports a refund voucher without id instead of bridging it', () => {
    const result = run([voucher({ id: '  ', remainingAmount: 700 })])
    expect(result.lines).toEqual([])
    expect(diagnosticOf(result, 'refund vouchers without id')).toMatchObject({ count: 1, amountLcy: 700 })
  })

  it('fails with a data-quality error when two candidates share a normalized id', () => {
    expect(() => run([voucher({ id: 'abc' }), voucher({ id: 'ABC' })])).toThrow(
      expect.objectContaining({ code: 'TIEOUT_ERR_DATA_QUALITY' }),
    )
  })

  it('shows voucher id, validity, inactive date and remaining amount in the detail and the sentence', () => {
    const [line] = run([voucher({ id: ' v7 ', remainingAmount: 123456 })]).lines
    expect(line?.detail).toEqual({
      voucherId: ' v7 ',
      businessUse: 'refund',
      isValid: 'valid',
      inactiveDate: '2025-09-10T12:00:00',
      remainingAmount: '1234.56',
    })
    expect(line?.description).toBe(
      'Refund voucher V7 became inactive on 2025-09-10 with 1,234.56 remaining and has no cancellation or VTC entry in NAV 18412: a cash refund to book.',
    )
  })

  it('sorts lines by business key', () => {
    expect(ids(run(['V2', 'V10', 'A1'].map((id) => voucher({ id, remainingAmount: 1 }))))).toEqual(['A1', 'V10', 'V2'])
  })

  it('reports refund vouchers inactive in the period = matched + unmatched + without id', () => {
    const result = run(
      [
        voucher({ id: 'V1', remainingAmount: 100 }),
        voucher({ id: 'V2', remainingAmount: 200 }),
        voucher({ id: 'V3', remainingAmount: 0 }),
        voucher({ id: null, remainingAmount: 400 }),
      ],
      ['V1', 'N9'],
    )
    expect(result.diagnostics).toEqual([
      { label: 'refund vouchers inactive in the period', count: 4, amountLcy: 700 },
      { label: 'matched to a NAV 18412 cancellation or VTC entry', count: 1, amountLcy: 100 },
      { label: 'unmatched: cash refunds to book in NAV', count: 2, amountLcy: 200 },
      { label: 'refund vouchers without id (not bridged)', count: 1, amountLcy: 400 },
      { label: 'NAV 18412 cancellation or VTC vouchers', count: 2, amountLcy: null },
    ])
  })
})

/**
 * Worked cases AC-26…AC-32 (the older tool's worked examples) (cutoff 2025-09-30 = period 2025-09
 * unless noted). Adjusted to the methodology: which NAV rows are Cancellation or VTC is the categorizer's
 * decision (§5), so AC-28 and AC-30 pass only the ids it yields; USD (AC-32) is the assembler's.
 */
describe('VTC adjustment: worked cases of the reference study', () => {
  it('AC-26: V001 booked, V003 active: 200.00 for V002; 2 refund vouchers, 1 NAV, 1 unmatched', () => {
    const result = run(
      [
        voucher({ id: 'V001', remainingAmount: 10000 }),
        voucher({ id: 'V002', remainingAmount: 20000 }),
        voucher({ id: 'V003', remainingAmount: 5000, isActive: true }),
      ],
      ['V001'],
    )
    expect(result.totalLcy).toBe(20000)
    expect(ids(result)).toEqual(['V002'])
    expect(diagnosticOf(result, 'refund vouchers inactive')?.count).toBe(2)
    expect(diagnosticOf(result, 'NAV 18412')?.count).toBe(1)
    expect(diagnosticOf(result, 'unmatched')?.count).toBe(1)
  })

  it('AC-27: store credit, invalid and active vouchers are out: 500.00 for V005', () => {
    const result = run(
      [
        voucher({ id: 'V001', remainingAmount: 10000 }),
        voucher({ id: 'V002', businessUse: 'store_credit', remainingAmount: 20000 }),
        voucher({ id: 'V003', isValid: 'invalid', remainingAmount: 30000 }),
        voucher({ id: 'V004', isActive: true, remainingAmount: 40000 }),
        voucher({ id: 'V005', remainingAmount: 50000 }),
      ],
      ['V001'],
    )
    expect(result.totalLcy).toBe(50000)
    expect(ids(result)).toEqual(['V005'])
  })

  it('AC-28: Usage and Issuance entries are no cancellations, so nothing matches: 300.00', () => {
    const result = run([voucher({ id: 'V001', remainingAmount: 10000 }), voucher({ id: 'V002', remainingAmount: 20000 })], [])
    expect(result.totalLcy).toBe(30000)
    expect(ids(result)).toEqual(['V001', 'V002'])
  })

  it('AC-29: " 12345 " matches "12345.0" and "ABC-77" matches " abc-77 ": 0.00, 2 NAV vouchers', () => {
    const result = run(
      [voucher({ id: ' 12345 ', remainingAmount: 15000 }), voucher({ id: 'ABC-77', remainingAmount: 25000 })],
      ['12345.0', ' abc-77 '],
    )
    expect(result.totalLcy).toBe(0)
    expect(result.lines).toEqual([])
    expect(diagnosticOf(result, 'NAV 18412')?.count).toBe(2)
  })

  it('AC-30: V001 and V002 booked (cancellation, VTC), VXXX a usage: 300.00 for V003', () => {
    const result = run(
      [
        voucher({ id: 'V001', remainingAmount: 10000 }),
        voucher({ id: 'V002', remainingAmount: 20000 }),
        voucher({ id: 'V003', remainingAmount: 30000 }),
      ],
      ['V001', 'V002'],
    )
    expect(result.totalLcy).toBe(30000)
    expect(ids(result)).toEqual(['V003'])
  })

  it('AC-31: in period 2024-09 only the vouchers inactive in September count: 300.00', () => {
    const result = run(
      [
        voucher({ id: 'V1', voucherInactiveDate: '2024-09-01T00:00:00', remainingAmount: 10000 }),
        voucher({ id: 'V2', voucherInactiveDate: '2024-09-30T23:59:00', remainingAmount: 20000 }),
        voucher({ id: 'V3', voucherInactiveDate: '2024-08-31T00:00:00', remainingAmount: 15000 }),
        voucher({ id: 'V4', voucherInactiveDate: '2024-10-01T00:00:00', remainingAmount: 25000 }),
      ],
      [],
      parsePeriod('2024-09'),
    )
    expect(result.totalLcy).toBe(30000)
    expect(ids(result)).toEqual(['V1', 'V2'])
  })

  it('AC-32: each entity is bridged on its own, in LCY: JD_GH 1,550.00 and EC_NG 400.00', () => {
    const vouchers = [
      voucher({ id: 'V001', companyCode: 'JD_GH', remainingAmount: 155000 }),
      voucher({ id: 'V002', companyCode: 'EC_NG', remainingAmount: 40000 }),
    ]
    const bridges = ['JD_GH', 'EC_NG'].map((companyCode) =>
      vtcBridge({
        companyCode,
        period: SEPTEMBER_2025,
        vouchers: vouchers.filter((v) => v.companyCode === companyCode),
        navCancellationVoucherIds: new Set(),
      }),
    )
    expect(bridges.map((bridge) => [bridge.lines[0]?.key, bridge.totalLcy])).toEqual([
      ['vtc|JD_GH|V001', 155000],
      ['vtc|EC_NG|V002', 40000],
    ])
  })
})
