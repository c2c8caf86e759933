import { describe, expect, it } from 'vitest'
import { periodOptions, previousPeriod } from '../../../addin/state/periods.ts'

describe('periods', () => {
  it('defaults to the previous month, across a year end', () => {
    expect(previousPeriod(new Date(2025, 9, 15))).toBe('2025-09')
    expect(previousPeriod(new Date(2026, 0, 3))).toBe('2025-12')
  })

  it('offers the last 24 months newest first, spelled out', () => {
    const options = periodOptions(new Date(2026, 0, 3))
    expect(options).toHaveLength(24)
    expect(options[0]).toEqual({ value: '2025-12', label: 'December 2025' })
    expect(options[23]).toEqual({ value: '2024-01', label: 'January 2024' })
  })
})
