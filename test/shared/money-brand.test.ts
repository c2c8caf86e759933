import { describe, expect, it } from 'vitest'
import {
  addCents,
  cents,
  centsToDecimal,
  negCents,
  parseCents,
  signedCents,
  subCents,
  sumCents,
  ZERO_CENTS,
  type Cents,
} from '../../shared/money.ts'

// `tsc --noEmit` (npm test) checks the @ts-expect-error lines: each fails the typecheck if it stops being an error.
describe('Cents is a branded type', () => {
  it('takes no plain number where cents are expected', () => {
    // @ts-expect-error a plain number is not cents
    expect(() => sumCents([1234])).not.toThrow()
    // @ts-expect-error a plain number is not cents
    const plain: Cents = 1234
    expect(plain).toBe(1234)
    // @ts-expect-error the sum of two cents is a plain number until addCents says otherwise
    const raw: Cents = cents(1) + cents(2)
    expect(raw).toBe(3)
  })

  it('takes cents from the money constructors', () => {
    expect(centsToDecimal(parseCents('12.34')!)).toBe('12.34')
    expect(centsToDecimal(cents(-123450))).toBe('-1234.50')
    expect(sumCents([cents(1234), null, parseCents('0.66')])).toBe(1300)
  })

  it('does plain integer arithmetic, the brand being type-only', () => {
    const a = cents(1050)
    const b = cents(-25)
    expect(addCents(a, b)).toBe(1025)
    expect(subCents(a, b)).toBe(1075)
    expect(negCents(a)).toBe(-1050)
    expect(signedCents(-1, a)).toBe(-1050)
    expect(signedCents(0, a)).toBe(0)
    expect(ZERO_CENTS).toBe(0)
    expect(typeof a).toBe('number')
  })

  it('cents() refuses what is not an exact amount of cents', () => {
    expect(() => cents(12.5)).toThrow(RangeError)
    expect(() => cents(Number.MAX_SAFE_INTEGER + 1)).toThrow('amount out of exact range')
    expect(() => cents(Number.NaN)).toThrow(RangeError)
  })
})
