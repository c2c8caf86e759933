import { describe, expect, it } from 'vitest'
import { addRow, describeRows, emptySample } from '../../../shared/extracts/quality.ts'

describe('describeRows', () => {
  it('lists every row of a short finding', () => {
    const sample = emptySample()
    for (const row of [5, 9]) addRow(sample, row)
    expect(describeRows(sample)).toBe('rows 5, 9')
  })

  it('lists at most 20 row numbers and counts the rest (methodology §3)', () => {
    const sample = emptySample()
    for (let row = 1; row <= 33; row++) addRow(sample, row)
    expect(sample.rows).toHaveLength(20)
    expect(describeRows(sample)).toMatch(/^rows 1, 2, .*, 20, … and 13 more$/)
  })
})
