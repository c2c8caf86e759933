import { describe, expect, it } from 'vitest'
import { daysInMonth, inRange, parsePeriod } from '../../shared/period.ts'

describe('parsePeriod (methodology §2)', () => {
  it('derives every date of month N once', () => {
    expect(parsePeriod('2025-09')).toEqual({
      period: '2025-09',
      year: 2025,
      month: 9,
      closingDate: '2025-09-30',
      periodStart: '2025-09-01',
      nextPeriodStart: '2025-10-01',
      yearStart: '2025-01-01',
      timingWindowStart: '2024-10-01',
      fxYear: 2025,
      fxMonth: 9,
    })
  })

  it('rolls December into January of the next year', () => {
    const period = parsePeriod('2025-12')
    expect(period.closingDate).toBe('2025-12-31')
    expect(period.nextPeriodStart).toBe('2026-01-01')
    expect(period.timingWindowStart).toBe('2025-01-01')
  })

  it('knows leap years for the closing date', () => {
    expect(parsePeriod('2024-02').closingDate).toBe('2024-02-29')
    expect(parsePeriod('2025-02').closingDate).toBe('2025-02-28')
    expect(daysInMonth(2100, 2)).toBe(28)
    expect(parsePeriod('2000-02').closingDate).toBe('2000-02-29')
  })

  it.each(['1999-12', '2100-01', '9999-12', '0000-01'])('refuses %s, outside 2000-01 … 2099-12', (input) => {
    expect(() => parsePeriod(input)).toThrow(
      `period "${input}" is not of the form YYYY-MM with a month from 01 to 12, from 2000-01 to 2099-12`,
    )
  })

  it('accepts the first and the last supported month', () => {
    expect(parsePeriod('2000-01').periodStart).toBe('2000-01-01')
    expect(parsePeriod('2099-12').closingDate).toBe('2099-12-31')
  })

  it.each(['2025/09', '2025-9-30', '2025-13', '2025-00', '2025-9', '25-09', '', 'september', '2025-09-30'])(
    'rejects "%s" with a message naming the value and the expected form',
    (input) => {
      expect(() => parsePeriod(input)).toThrow(/YYYY-MM/)
      expect(() => parsePeriod(input)).toThrow(expect.objectContaining({ code: 'TIEOUT_ERR_BAD_PERIOD', status: 400 }))
    },
  )
})

describe('inRange', () => {
  const { periodStart, nextPeriodStart } = parsePeriod('2025-09')

  it('puts an event at 23:59:59 on the last day in month N', () => {
    expect(inRange('2025-09-30T23:59:59', periodStart, nextPeriodStart)).toBe(true)
    expect(inRange('2025-09-30T23:59:59.997', periodStart, nextPeriodStart)).toBe(true)
  })

  it('puts midnight of the next month outside N', () => {
    expect(inRange('2025-10-01T00:00:00', periodStart, nextPeriodStart)).toBe(false)
    expect(inRange('2025-10-01', periodStart, nextPeriodStart)).toBe(false)
  })

  it('includes the first instant of N and excludes null', () => {
    expect(inRange('2025-09-01T00:00:00', periodStart, nextPeriodStart)).toBe(true)
    expect(inRange('2025-08-31T23:59:59', periodStart, nextPeriodStart)).toBe(false)
    expect(inRange(null, periodStart, nextPeriodStart)).toBe(false)
  })
})
