import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Ipe08Row, JdashRow } from '../../../../shared/extracts/rows.ts'
import { parsePeriod, type Period } from '../../../../shared/period.ts'
import { timingBridge } from '../../../../shared/recon/bridges/timing.ts'
import { COMPANY, jdash, SEPTEMBER_2025, voucher } from './factories.ts'
import type { PlainAmounts } from '../../../support/plain-amounts.ts'

function run(vouchers: Ipe08Row[], usage: JdashRow[] = [], period: Period = SEPTEMBER_2025) {
  return timingBridge({ companyCode: COMPANY, period, vouchers, jdash: usage })
}

const amounts = (result: ReturnType<typeof run>) => Object.fromEntries(result.lines.map((line) => [line.businessKey, line.amountLcy]))
const diagnosticOf = (result: ReturnType<typeof run>, label: string) => result.diagnostics.find((d) => d.label.startsWith(label))

describe('timing bridge: line amount = Jdash amount used − IPE_08 TotalAmountUsed (methodology §6)', () => {
  it('gives each in-scope voucher its difference, keyed timing|entity|voucher id', () => {
    const result = run([voucher({ totalAmountUsed: 10000 })], [jdash({ amountUsed: 12000 })])
    expect(result.totalLcy).toBe(2000)
    expect(result.lines).toEqual([
      expect.objectContaining({ key: 'timing|EC_NG|V001', businessKey: 'V001', bridge: 'timing', companyCode: COMPANY, amountLcy: 2000 }),
    ])
  })

  it('sums Jdash usage per voucher id', () => {
    const usage = [jdash({ amountUsed: 5000 }), jdash({ amountUsed: 3000 }), jdash({ amountUsed: 2500 })]
    expect(run([voucher({ totalAmountUsed: 10000 })], usage).totalLcy).toBe(500)
  })

  it('counts a voucher absent from Jdash as 0 used', () => {
    expect(run([voucher({ totalAmountUsed: 7500 })]).totalLcy).toBe(-7500)
  })

  it('counts a null TotalAmountUsed as 0 booked', () => {
    expect(run([voucher({ totalAmountUsed: null })], [jdash({ amountUsed: 4000 })]).totalLcy).toBe(4000)
  })

  it('skips null Jdash amounts in the sum and counts the rows skipped', () => {
    const result = run([voucher({ totalAmountUsed: 100 })], [jdash({ amountUsed: null }), jdash({ amountUsed: 300 })])
    expect(result.totalLcy).toBe(200)
    expect(diagnosticOf(result, 'Jdash rows without amount')).toEqual({
      label: 'Jdash rows without amount (skipped)',
      count: 1,
      amountLcy: null,
    })
  })

  it('allows a negative TotalAmountUsed: 100 − (−50) = 150', () => {
    expect(run([voucher({ totalAmountUsed: -5000 })], [jdash({ amountUsed: 10000 })]).totalLcy).toBe(15000)
  })
})

describe('timing bridge: in-scope vouchers (methodology §6)', () => {
  it.each([
    ['an active voucher', { isActive: true }],
    ['a voucher whose is_active is unknown', { isActive: null }],
    ['a marketing voucher', { businessUse: 'marketing' }],
    ['a voucher without business use', { businessUse: null }],
    ['a voucher created before timingWindowStart', { createdAt: '2024-09-30T23:59:59' }],
    ['a voucher created on nextPeriodStart', { createdAt: '2025-10-01T00:00:00' }],
    ['a voucher without creation date', { createdAt: null }],
  ])('leaves out %s', (_, override: Partial<PlainAmounts<Ipe08Row>>) => {
    const result = run([voucher({ totalAmountUsed: 100, ...override })])
    expect(result.lines).toEqual([])
    expect(result.zeroLineCount).toBe(0)
  })

  it.each([
    ['on timingWindowStart', '2024-10-01T00:00:00'],
    ['late on the last day of N', '2025-09-30T23:59:59'],
  ])('includes a voucher created %s', (_, createdAt) => {
    expect(run([voucher({ createdAt, totalAmountUsed: 100 })]).totalLcy).toBe(-100)
  })

  it.each(['refund', 'store_credit', 'apology', 'apology_v2', 'jforce', 'jpay_store_credit_ng', 'Jpay store_credit', ' REFUND '])(
    'treats business use "%s" as non-marketing',
    (businessUse) => {
      expect(run([voucher({ businessUse, totalAmountUsed: 100 })]).totalLcy).toBe(-100)
    },
  )
})

describe('timing bridge: voucher ids compare after normalisation (methodology §6, §11)', () => {
  it('matches Jdash "12345.0" and " v001 " to IPE_08 " 12345 " and "V001"', () => {
    const vouchers = [voucher({ id: ' 12345 ', totalAmountUsed: 100 }), voucher({ id: 'V001', totalAmountUsed: 200 })]
    const usage = [jdash({ voucherId: '12345.0', amountUsed: 100 }), jdash({ voucherId: ' v001 ', amountUsed: 200 })]
    const result = run(vouchers, usage)
    expect(result.totalLcy).toBe(0)
    expect(result.zeroLineCount).toBe(2)
  })

  it('keys the line by the normalized id and shows the id as the source emits it', () => {
    const [line] = run([voucher({ id: ' 777.0 ', totalAmountUsed: 100 })]).lines
    expect(line?.key).toBe('timing|EC_NG|777')
    expect(line?.detail.voucherId).toBe(' 777.0 ')
  })

  it('never matches a blank Jdash id, and reports its rows', () => {
    const result = run(
      [voucher({ id: 'V001', totalAmountUsed: 100 })],
      [jdash({ voucherId: '  ', amountUsed: 900 }), jdash({ voucherId: null, amountUsed: 100 })],
    )
    expect(result.totalLcy).toBe(-100)
    expect(diagnosticOf(result, 'Jdash rows without voucher id')).toMatchObject({ count: 2, amountLcy: 1000 })
  })

  it('reports an in-scope voucher without id instead of bridging it', () => {
    const result = run([voucher({ id: ' ', totalAmountUsed: 100 })], [jdash({ voucherId: ' ', amountUsed: 100 })])
    expect(result.lines).toEqual([])
    expect(diagnosticOf(result, 'in-scope vouchers without id')).toMatchObject({ count: 1, amountLcy: 100 })
  })

  it('fails with a data-quality error when two in-scope vouchers share a normalized id', () => {
    const attempt = () => run([voucher({ id: '12345' }), voucher({ id: '12345.0' })])
    expect(attempt).toThrow(expect.objectContaining({ code: 'TIEOUT_ERR_DATA_QUALITY' }))
    expect(attempt).toThrow('IPE_08: vouchers "12345" and "12345.0" of EC_NG have the same id 12345 after normalisation')
  })
})

describe('timing bridge: what is listed (methodology §6)', () => {
  it('counts zero-difference lines and does not list them', () => {
    const result = run(
      [voucher({ id: 'V001', totalAmountUsed: 100 }), voucher({ id: 'V002', totalAmountUsed: 100 })],
      [jdash({ voucherId: 'V001', amountUsed: 100 })],
    )
    expect(result.lines.map((line) => line.businessKey)).toEqual(['V002'])
    expect(result.zeroLineCount).toBe(1)
  })

  it('reports Jdash vouchers not among in-scope vouchers as a diagnostic, not added', () => {
    const result = run(
      [voucher({ totalAmountUsed: 100 })],
      [
        jdash({ voucherId: 'V001', amountUsed: 100 }),
        jdash({ voucherId: 'V999', amountUsed: 50000 }),
        jdash({ voucherId: 'V999', amountUsed: 1 }),
        jdash({ voucherId: 'V998', amountUsed: 2 }),
      ],
    )
    expect(result.totalLcy).toBe(0)
    expect(diagnosticOf(result, 'Jdash vouchers not among in-scope vouchers')).toMatchObject({ count: 2, amountLcy: 50003 })
  })

  it('sorts lines by business key', () => {
    const ids = ['V3', 'V10', 'A2', 'V1']
    const result = run(ids.map((id) => voucher({ id, totalAmountUsed: 1 })))
    expect(result.lines.map((line) => line.businessKey)).toEqual(['A2', 'V1', 'V10', 'V3'])
  })

  it('shows voucher id, business use, creation date and both amounts in the detail and the sentence', () => {
    const [line] = run(
      [voucher({ businessUse: 'store_credit', createdAt: '2025-03-01T08:00:00', totalAmountUsed: 123456 })],
      [jdash({ amountUsed: 150000 })],
    ).lines
    expect(line?.detail).toEqual({
      voucherId: 'V001',
      businessUse: 'store_credit',
      createdAt: '2025-03-01T08:00:00',
      ipe08AmountUsed: '1234.56',
      jdashAmountUsed: '1500.00',
    })
    expect(line?.description).toBe(
      'Voucher V001 (store_credit) shows usage of 1,500.00 in Jdash against 1,234.56 booked in IPE_08, a timing difference of 265.44.',
    )
  })

  it('shows a voucher absent from Jdash with no Jdash amount', () => {
    const [line] = run([voucher({ totalAmountUsed: 100 })]).lines
    expect(line?.detail.jdashAmountUsed).toBeNull()
    expect(line?.description).toContain('no usage in Jdash')
  })

  it('gives title, bridge id and empty result when nothing is in scope', () => {
    expect(run([], [])).toMatchObject({
      bridge: 'timing',
      title: 'Timing difference',
      companyCode: COMPANY,
      totalLcy: 0,
      lines: [],
      zeroLineCount: 0,
    })
  })

  it('total = Σ Jdash of in-scope vouchers − Σ TotalAmountUsed, whatever the mix', () => {
    const cents = fc.integer({ min: -1_000_000, max: 1_000_000 })
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.option(cents), fc.option(cents)), { maxLength: 40 }), (rows) => {
        const ids = [...new Set(rows.map(([id]) => id))]
        const booked = new Map(ids.map((id, index) => [id, (index % 3) * 100]))
        const vouchers = ids.map((id) => voucher({ id: `V${id}`, totalAmountUsed: booked.get(id) ?? 0 }))
        const usage = rows.map(([id, amountUsed]) => jdash({ voucherId: `v${id}`, amountUsed }))
        const expected = rows.reduce((sum, [, amount]) => sum + (amount ?? 0), 0) - [...booked.values()].reduce((a, b) => a + b, 0)
        const result = run(vouchers, usage)
        expect(result.totalLcy).toBe(expected)
        expect(result.lines.length + result.zeroLineCount).toBe(ids.length)
      }),
    )
  })
})

/**
 * Worked cases AC-19…AC-25 (the older tool's worked examples), cutoff 2025-09-30 = period 2025-09.
 * Adjusted to the methodology: zero-difference vouchers are counted, not listed (§6); amounts are cents
 * because the reader parses "1,234.56" before the bridge (§2); the window is
 * [timingWindowStart, nextPeriodStart), so a voucher created late on the last day is in (§2).
 */
describe('timing bridge: worked cases of the reference study', () => {
  it('AC-19: +20 and −20 net to 0.00 and both vouchers are listed', () => {
    const result = run(
      [
        voucher({ id: 'V001', businessUse: 'refund', createdAt: '2024-10-15T00:00:00', totalAmountUsed: 10000 }),
        voucher({ id: 'V002', businessUse: 'store_credit', createdAt: '2024-11-20T00:00:00', totalAmountUsed: 20000 }),
      ],
      [jdash({ voucherId: 'V001', amountUsed: 12000 }), jdash({ voucherId: 'V002', amountUsed: 18000 })],
    )
    expect(result.totalLcy).toBe(0)
    expect(amounts(result)).toEqual({ V001: 2000, V002: -2000 })
  })

  it('AC-20: a voucher created before the window is out; one created on the last day is in: 40.00', () => {
    const result = run(
      [
        voucher({ id: 'V001', createdAt: '2024-10-15T00:00:00', totalAmountUsed: 10000 }),
        voucher({ id: 'V002', createdAt: '2024-09-30T00:00:00', totalAmountUsed: 20000 }),
        voucher({ id: 'V003', createdAt: '2025-09-30T15:00:00', totalAmountUsed: 15000 }),
      ],
      [jdash({ voucherId: 'V001', amountUsed: 12000 }), jdash({ voucherId: 'V003', amountUsed: 17000 })],
    )
    expect(result.totalLcy).toBe(4000)
    expect(amounts(result)).toEqual({ V001: 2000, V003: 2000 })
  })

  it('AC-21: active and marketing vouchers are out; period 2024-10 gives −65.00', () => {
    const result = run(
      [
        voucher({ id: 'V001', businessUse: 'refund', createdAt: '2024-01-10T00:00:00', totalAmountUsed: 10000 }),
        voucher({ id: 'V002', isActive: true, createdAt: '2024-01-10T00:00:00', totalAmountUsed: 20000 }),
        voucher({ id: 'V003', businessUse: 'marketing', createdAt: '2024-01-10T00:00:00', totalAmountUsed: 30000 }),
        voucher({ id: 'V004', businessUse: 'apology_v2', createdAt: '2024-06-01T00:00:00', totalAmountUsed: 15000 }),
        voucher({ id: 'V005', businessUse: 'store_credit', createdAt: '2024-09-01T00:00:00', totalAmountUsed: 7500 }),
      ],
      [
        jdash({ voucherId: 'V001', amountUsed: 12000 }),
        jdash({ voucherId: 'V002', amountUsed: 22000 }),
        jdash({ voucherId: 'V003', amountUsed: 32000 }),
        jdash({ voucherId: 'V004', amountUsed: 14000 }),
      ],
      parsePeriod('2024-10'),
    )
    expect(result.totalLcy).toBe(-6500)
    expect(amounts(result)).toEqual({ V001: 2000, V004: -1000, V005: -7500 })
    expect(diagnosticOf(result, 'Jdash vouchers not among in-scope vouchers')).toMatchObject({ count: 2, amountLcy: 54000 })
  })

  it('AC-22: three Jdash rows of V001 sum to 100.00; V999 is only a diagnostic', () => {
    const result = run(
      [voucher({ id: 'V001', totalAmountUsed: 10000 })],
      [
        jdash({ amountUsed: 5000 }),
        jdash({ amountUsed: 3000 }),
        jdash({ amountUsed: 2000 }),
        jdash({ voucherId: 'V999', amountUsed: 50000 }),
      ],
    )
    expect(result.totalLcy).toBe(0)
    expect(result.lines).toEqual([])
    expect(result.zeroLineCount).toBe(1)
    expect(diagnosticOf(result, 'Jdash vouchers not among in-scope vouchers')).toMatchObject({ count: 1, amountLcy: 50000 })
  })

  it('AC-23: "1,234.56"/"2,000" against "1,500"/"2,100.50" gives 365.94', () => {
    const result = run(
      [voucher({ id: 'V001', totalAmountUsed: 123456 }), voucher({ id: 'V002', totalAmountUsed: 200000 })],
      [jdash({ voucherId: 'V001', amountUsed: 150000 }), jdash({ voucherId: 'V002', amountUsed: 210050 })],
    )
    expect(result.totalLcy).toBe(36594)
  })

  it('AC-24: without Jdash every voucher is −TotalAmountUsed: −150.00', () => {
    const result = run(
      [voucher({ id: 'V001', totalAmountUsed: 10000 }), voucher({ id: 'V002', businessUse: 'jforce', totalAmountUsed: 5000 })],
      [],
    )
    expect(result.totalLcy).toBe(-15000)
    expect(result.lines.map((line) => line.detail.jdashAmountUsed)).toEqual([null, null])
  })

  it('AC-25: only TotalAmountUsed counts, never remaining or discount amount: 50.00', () => {
    const result = run(
      [voucher({ createdAt: '2024-05-01T00:00:00', totalAmountUsed: 10000, remainingAmount: 50000, discountAmount: 60000 })],
      [jdash({ amountUsed: 15000 })],
      parsePeriod('2024-10'),
    )
    expect(result.totalLcy).toBe(5000)
  })
})
