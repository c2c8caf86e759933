import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fxRateOf, lcyToUsd } from '../../shared/fx.ts'
import { cents } from '../../shared/money.ts'

describe('FX (methodology §2)', () => {
  it('converts LCY to USD as LCY / rate, rounded half away from zero once', () => {
    expect(lcyToUsd(cents(165_000_00), fxRateOf(1650))).toBe(100_00)
    expect(lcyToUsd(cents(1_00), fxRateOf('3'))).toBe(33) // 0.333… → 0.33
    expect(lcyToUsd(cents(5), fxRateOf('2'))).toBe(3) // 0.025 → 0.03
    expect(lcyToUsd(cents(-5), fxRateOf('2'))).toBe(-3) // −0.025 → −0.03
    expect(lcyToUsd(cents(1550_00), fxRateOf(15.5))).toBe(100_00)
  })

  it('never defaults a missing or zero rate to 1', () => {
    for (const missing of [null, undefined, 0, '0', '0.000', '', 'abc', -4, Number.NaN]) {
      expect(fxRateOf(missing)).toBeNull()
    }
    expect(lcyToUsd(cents(100_00), null)).toBeNull()
  })

  it('keeps the rate exact as decimal text', () => {
    expect(fxRateOf(1650.25)?.text).toBe('1650.25')
    expect(fxRateOf('0015.500')?.text).toBe('15.5')
  })

  it('is exact where floating point is not', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1_000_000 }), (lcy, rate) => {
        const usd = lcyToUsd(cents(lcy), fxRateOf(rate))
        if (usd === null) return false
        // |lcy/rate − usd| ≤ 0.5 cent, checked with integers: |lcy − usd·rate| ≤ rate/2
        const residue = BigInt(lcy) - BigInt(usd) * BigInt(rate)
        return (residue < 0n ? -residue : residue) * 2n <= BigInt(rate)
      }),
    )
  })
})
