import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cents, centsToDecimal, centsToDisplay, parseCents, parseCentsValue, sumCents } from '../../shared/money.ts'

describe('parseCents (methodology §2)', () => {
  it.each([
    ['1234.56', 123456],
    ['-1234.56', -123456],
    ['1,234.56', 123456],
    ['-1,234,567.5', -123456750],
    ['0.1', 10],
    ['.5', 50],
    ['12', 1200],
    ['  7.00 ', 700],
    ['1e3', 100000],
  ])('reads %s as %i cents', (text, cents) => {
    expect(parseCents(text)).toBe(cents)
  })

  it('reads driver numbers exactly, without float drift', () => {
    expect(parseCents(0.1 + 0.2)).toBe(30)
    expect(parseCents(1234.56)).toBe(123456)
    expect(parseCents(-0.005)).toBe(-1)
    expect(parseCents(1.005)).toBe(101)
  })

  it('gives null, never zero, for empty and NULL', () => {
    for (const empty of ['', '   ', 'NULL', null, undefined]) expect(parseCents(empty)).toBeNull()
  })

  it.each(['abc', '12.3.4', '1,23.00', '1 234', '(12.00)', '12-', 'NaN', '--1', '+'])('rejects "%s" with a reason', (text) => {
    const parsed = parseCentsValue(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.reason).toContain(text.trim())
  })

  it('rounds extra decimals half away from zero', () => {
    expect(parseCents('2.345')).toBe(235)
    expect(parseCents('-2.345')).toBe(-235)
    expect(parseCents('2.3449')).toBe(234)
  })
})

describe('money properties', () => {
  const anyCents = fc.integer({ min: -1e13, max: 1e13 }).map(cents)

  it('formatting then parsing gives back the same cents', () => {
    fc.assert(fc.property(anyCents, (value) => parseCents(centsToDecimal(value)) === value))
    fc.assert(fc.property(anyCents, (value) => parseCents(centsToDisplay(value)) === value))
  })

  it('the sum of parsed amounts equals the parsed sum, as integers', () => {
    fc.assert(
      fc.property(fc.array(anyCents, { maxLength: 50 }), (values) => {
        const parsed = values.map((value) => parseCents(centsToDecimal(value)))
        return sumCents(parsed) === values.reduce((total, value) => total + value, 0)
      }),
    )
  })
})

describe('centsToDecimal', () => {
  it('writes two decimals and a sign', () => {
    expect(centsToDecimal(cents(-123450))).toBe('-1234.50')
    expect(centsToDecimal(cents(5))).toBe('0.05')
    expect(centsToDecimal(cents(-5))).toBe('-0.05')
    expect(centsToDisplay(cents(-123456789))).toBe('-1,234,567.89')
  })
})
