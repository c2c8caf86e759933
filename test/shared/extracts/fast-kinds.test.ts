import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalCell, CellFailure, plainDecimalCents, rawParser } from '../../../shared/extracts/fast-kinds.ts'
import { formatValue, KINDS, parseValue, type ColumnKind } from '../../../shared/extracts/values.ts'

describe('rawParser money fast path', () => {
  const money = rawParser('money')

  it.each([
    ['1234.56', 123456],
    ['-1234.5', -123450],
    ['-0.00', 0],
    ['7', 700],
  ])('reads plain decimal %s as %i cents', (text, cents) => {
    expect(plainDecimalCents(text)).toBe(cents)
  })

  it.each(['1,234.56', ' 7', '1.234', '1.', '.5', '+5', '', '-', '12345678901234.00'])('leaves "%s" to the reference parser', (text) => {
    expect(plainDecimalCents(text)).toBeUndefined()
  })

  it('gives the reference parser results for any text (methodology §2: money is exact)', () => {
    const decimalish = fc.stringMatching(/^-?[0-9,]{0,16}(\.[0-9]{0,4})?$/)
    fc.assert(
      fc.property(fc.oneof(decimalish, fc.string()), (text) => {
        expect(money(text)).toEqual(KINDS.money.parse(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('gives the reference parser results for driver numbers', () => {
    const numbers = fc.oneof(fc.integer({ min: -1e14, max: 1e14 }), fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constant(-0))
    fc.assert(
      fc.property(numbers, (value) => {
        expect(money(value)).toEqual(KINDS.money.parse(value))
      }),
      { numRuns: 2000 },
    )
  })
})

describe('canonicalCell', () => {
  const raws = fc.oneof(
    fc.string(),
    fc.stringMatching(/^-?[0-9,]{0,16}(\.[0-9]{0,3})?$/),
    // Amounts already in canonical shape, or nearly: leading zeros, -0.00, 14 whole digits.
    fc.stringMatching(/^-?0{0,2}[0-9]{1,14}\.[0-9]{2}$/),
    fc.stringMatching(/^20[0-9]{2}-[01][0-9]-[0-3][0-9]([ T][0-2][0-9]:[0-5][0-9](:[0-5][0-9])?)?$/),
    fc.constantFrom('true', 'false', '1', '0', 'yes', '', ' ', null, undefined, true, false),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
  )

  it.each(Object.keys(KINDS) as ColumnKind[])('gives formatValue(parseValue(raw)) for %s, or its failure reason', (kind) => {
    const cell = canonicalCell(kind)
    fc.assert(
      fc.property(raws, (raw) => {
        const parsed = parseValue(kind, raw)
        expect(cell(raw)).toEqual(parsed.ok ? formatValue(kind, parsed.value) : new CellFailure(parsed.reason))
      }),
      { numRuns: 1000 },
    )
  })
})
