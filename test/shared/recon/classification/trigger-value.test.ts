import { describe, expect, it } from 'vitest'
import { triggerValue } from '../../../../shared/recon/classification/trigger-value.ts'

describe('classification values (methodology §11)', () => {
  it.each([
    [' Payment ', 'payment'],
    ['TRANSFER TO', 'transfer to'],
    ['true', '1'],
    ['TRUE', '1'],
    [true, '1'],
    ['false', '0'],
    [false, '0'],
    ['1.0', '1'],
    ['1.00', '1'],
    [1, '1'],
    [1.0, '1'],
    ['01', '1'],
    ['-0', '0'],
    ['-2.0', '-2'],
    ['1.5', '1.5'],
    ['yes', 'yes'],
  ])('%j reads as %j', (raw, expected) => {
    expect(triggerValue(raw)).toBe(expected)
  })

  it.each(['', '   ', null, undefined])('blank or absent %j never matches (null)', (raw) => {
    expect(triggerValue(raw)).toBeNull()
  })
})
