import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EXTRACT_IDS } from '../../../shared/extracts/catalog.ts'
import type { ExtractId } from '../../../shared/extracts/schema.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { demoGroundTruth, demoRows, type DemoOptions } from '../../../server/demo/index.ts'

const period = parsePeriod('2025-09')
const options = (overrides: Partial<DemoOptions> = {}): DemoOptions => ({ period, scale: 0.03, ...overrides })

function digest(extract: ExtractId, demo: DemoOptions): string {
  const hash = createHash('sha256')
  for (const row of demoRows(extract, demo)) hash.update(`${JSON.stringify(row)}\n`)
  return hash.digest('hex')
}

function rowsOf(extract: ExtractId, demo: DemoOptions, company: string): string[] {
  return [...demoRows(extract, demo)].filter((row) => row[0] === company).map((row) => JSON.stringify(row))
}

describe('the demo generator is deterministic (methodology §9)', () => {
  it.each(EXTRACT_IDS)('%s: the same options give identical rows', (extract) => {
    expect(digest(extract, options())).toBe(digest(extract, options()))
  })

  it('the same options give the same ground truth', () => {
    expect(JSON.stringify(demoGroundTruth(options()))).toBe(JSON.stringify(demoGroundTruth(options())))
  })

  it.each(['CR_03', 'IPE_07', 'IPE_08', 'IPE_08_USAGE', 'IPE_10', 'IPE_11', 'IPE_12', 'IPE_31', 'IPE_34', 'JDASH'] as const)(
    '%s: another seed gives other rows',
    (extract) => {
      expect(digest(extract, options({ seed: 7 }))).not.toBe(digest(extract, options()))
    },
  )

  it('another period gives other rows', () => {
    expect(digest('IPE_08', options({ period: parsePeriod('2025-10') }))).not.toBe(digest('IPE_08', options()))
  })

  it.each(['CR_03', 'CR_04', 'IPE_07', 'IPE_08', 'JDASH'] as const)(
    '%s: a company’s rows do not depend on which other companies are generated',
    (extract) => {
      expect(rowsOf(extract, options({ companies: ['JD_GH'] }), 'JD_GH')).toEqual(rowsOf(extract, options(), 'JD_GH'))
    },
  )

  it('a larger scale keeps the rows of the smaller one (rows are a function of their index)', () => {
    const small = rowsOf('IPE_08', options({ companies: ['EC_KE'], scale: 0.02 }), 'EC_KE')
    const large = new Set(rowsOf('IPE_08', options({ companies: ['EC_KE'], scale: 0.05 }), 'EC_KE'))
    // Planted vouchers sit 9,000,000 above the entity's first id; their index moves with the scale.
    const bulk = small.filter((row) => Number(JSON.parse(row)[1]) % 10_000_000 < 9_000_000)
    expect(bulk.length).toBeGreaterThan(0)
    expect(bulk.every((row) => large.has(row))).toBe(true)
  })
})
