import { describe, expect, it } from 'vitest'
import { TieoutError } from '../../../shared/errors.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { demoGroundTruth, demoRows, type DemoOptions } from '../../../server/demo/index.ts'

const period = parsePeriod('2025-09')
const options = (overrides: Partial<DemoOptions> = {}): DemoOptions => ({ period, scale: 0.02, ...overrides })
const companiesOf = (rows: Iterable<unknown[]>) => [...new Set([...rows].map((row) => row[0]))]

describe('demo options', () => {
  it('by default generates every in-scope entity, then the out-of-scope companies a run must ignore (methodology §11)', () => {
    expect(companiesOf(demoRows('IPE_08', options()))).toEqual([
      'EC_NG',
      'JD_GH',
      'EC_KE',
      'JM_EG',
      'EC_MA',
      'EC_IC',
      'HF_SN',
      'JD_UG',
      'JD_DZ',
      'EC_TN',
      'EC_ZA',
    ])
  })

  it('generates only the requested companies, plus the out-of-scope noise', () => {
    expect(companiesOf(demoRows('CR_03', options({ companies: ['jm_eg'] })))).toEqual(['JM_EG', 'EC_TN', 'EC_ZA'])
    expect(demoGroundTruth(options({ companies: ['JM_EG'] })).companies).toEqual(['JM_EG'])
  })

  it('IPE_31 never carries out-of-scope companies, as its catalog query excludes them', () => {
    expect(companiesOf(demoRows('IPE_31', options({ companies: ['EC_NG'] })))).toEqual(['EC_NG'])
  })

  it('the entity master always holds the nine known entities in scope and two out of scope', () => {
    const rows = [...demoRows('ENTITIES', options({ companies: ['EC_NG'] }))]
    expect(rows.filter((row) => row[5] === 1).map((row) => `${row[0]}/${row[2]}`)).toEqual([
      'EC_NG/NG',
      'JD_GH/GH',
      'EC_KE/KE',
      'JM_EG/EG',
      'EC_MA/MA',
      'EC_IC/CI',
      'HF_SN/SN',
      'JD_UG/UG',
      'JD_DZ/DZ',
    ])
    expect(rows.filter((row) => row[5] === 0).map((row) => row[0])).toEqual(['EC_TN', 'EC_ZA'])
  })

  it('CR_05 has a rate of N for every company and an N-1 rate that must not count', () => {
    const rows = [...demoRows('CR_05', options())]
    const ofN = rows.filter((row) => row[6] === 2025 && row[7] === 9)
    expect(ofN.map((row) => row[0])).toHaveLength(11)
    expect(ofN.every((row) => typeof row[8] === 'number' && row[8] > 0)).toBe(true)
    expect(rows.filter((row) => row[6] === 2025 && row[7] === 8)).toHaveLength(11)
  })

  it('rejects a company outside the demo master', () => {
    expect(() => demoRows('IPE_08', options({ companies: ['XX_YY'] }))).toThrow(TieoutError)
  })

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])('rejects scale %s', (scale) => {
    expect(() => demoRows('IPE_08', options({ scale }))).toThrow(/scale/)
  })

  it('scale 0 still gives every planted item and the small extracts', () => {
    const truth = demoGroundTruth(options({ scale: 0, companies: ['EC_NG'] }))
    expect(truth.items.filter((item) => item.kind === 'timing-line')).toHaveLength(4)
    expect([...demoRows('CR_04', options({ scale: 0 }))].length).toBeGreaterThan(0)
  })
})
