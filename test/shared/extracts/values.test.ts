import { describe, expect, it } from 'vitest'
import { formatValue, parseValue } from '../../../shared/extracts/values.ts'
import { cents } from '../../../shared/money.ts'

describe('column kinds', () => {
  it('reads dates and date-times in ISO forms and driver Date values', () => {
    expect(parseValue('date', '2025-09-30')).toEqual({ ok: true, value: '2025-09-30' })
    expect(parseValue('date', '2025-09-30 00:00:00')).toEqual({ ok: true, value: '2025-09-30' })
    expect(parseValue('datetime', '2025-09-30 23:59:59')).toEqual({ ok: true, value: '2025-09-30T23:59:59' })
    expect(parseValue('datetime', '2025-09-30T23:59:59.500Z')).toEqual({ ok: true, value: '2025-09-30T23:59:59.5' })
    expect(parseValue('datetime', '2025-09-30')).toEqual({ ok: true, value: '2025-09-30T00:00:00' })
    expect(parseValue('datetime', new Date(Date.UTC(2025, 8, 30, 23, 59, 59)))).toEqual({ ok: true, value: '2025-09-30T23:59:59' })
  })

  it('rejects impossible and ambiguous dates with a reason', () => {
    expect(parseValue('date', '2025-02-30').ok).toBe(false)
    expect(parseValue('datetime', '30/09/2025')).toEqual({ ok: false, reason: expect.stringContaining('YYYY-MM-DD') })
  })

  it('reads booleans as NAV and BOB emit them', () => {
    for (const yes of ['1', 'true', 'TRUE', 1, true, '1.0']) expect(parseValue('bool', yes)).toEqual({ ok: true, value: true })
    for (const no of ['0', 'false', 0, false]) expect(parseValue('bool', no)).toEqual({ ok: true, value: false })
    expect(parseValue('bool', '')).toEqual({ ok: true, value: null })
    expect(parseValue('bool', 'maybe').ok).toBe(false)
  })

  it('reads integers, refusing fractions', () => {
    expect(parseValue('int', '12')).toEqual({ ok: true, value: 12 })
    expect(parseValue('int', '12.0')).toEqual({ ok: true, value: 12 })
    expect(parseValue('int', '12.5').ok).toBe(false)
  })

  it('keeps decimals exact and canonical', () => {
    expect(parseValue('decimal', '0015.500')).toEqual({ ok: true, value: '15.5' })
    expect(parseValue('decimal', 1650)).toEqual({ ok: true, value: '1650' })
  })

  it('formats money canonically and empty as empty', () => {
    expect(formatValue('money', cents(-123450))).toBe('-1234.50')
    expect(formatValue('money', null)).toBe('')
    expect(formatValue('bool', true)).toBe('1')
  })

  it('keeps text as given, empty text as null', () => {
    expect(parseValue('text', ' V-1 ')).toEqual({ ok: true, value: ' V-1 ' })
    expect(parseValue('text', '')).toEqual({ ok: true, value: null })
    expect(parseValue('text', 12345)).toEqual({ ok: true, value: '12345' })
  })
})
