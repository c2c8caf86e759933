import { describe, expect, it } from 'vitest'
import { EXTRACT_IDS } from '../../../shared/extracts/catalog.ts'
import type { ExtractId } from '../../../shared/extracts/schema.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { demoRows } from '../../../server/demo/index.ts'

/** methodology §9: scale 1 ≈ 250,000 rows; the brief's shares per extract (September period). */
const TARGET: Partial<Record<ExtractId, number>> = {
  CR_03: 100_000,
  IPE_08: 37_500,
  IPE_08_USAGE: 37_500,
  IPE_07: 25_000,
  JDASH: 20_000,
  IPE_10: 6_000,
  IPE_11: 6_000,
  IPE_12: 6_000,
  IPE_31: 6_000,
  IPE_34: 6_000,
}

function count(extract: ExtractId, scale: number): number {
  let rows = 0
  for (const _row of demoRows(extract, { period: parsePeriod('2025-09'), scale })) rows++
  return rows
}

describe('demo volume (methodology §9)', () => {
  const counts = new Map(EXTRACT_IDS.map((extract) => [extract, count(extract, 1)]))

  it('scale 1 gives about 250,000 rows in all extracts together', () => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThan(250_000 * 0.85)
    expect(total).toBeLessThan(250_000 * 1.15)
  })

  it.each(Object.entries(TARGET))('%s at scale 1 is within 15%% of its share', (extract, target) => {
    const rows = counts.get(extract as ExtractId) ?? 0
    expect(rows).toBeGreaterThan(target * 0.85)
    expect(rows).toBeLessThan(target * 1.15)
  })

  it('rows grow linearly with the scale, fractional scales included', () => {
    const half = count('IPE_08', 0.5)
    expect(Math.abs(half * 2 - (counts.get('IPE_08') ?? 0))).toBeLessThan(500)
  })

  it('CR_04, CR_05 and ENTITIES stay small and never empty', () => {
    for (const extract of ['CR_04', 'CR_05', 'ENTITIES'] as const) {
      expect(counts.get(extract)).toBeGreaterThan(0)
      expect(counts.get(extract)).toBeLessThan(1_000)
    }
  })
})
