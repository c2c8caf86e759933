import { describe, expect, it } from 'vitest'
import { entityOutcomes } from '../../../addin/state/outcome.ts'
import { makeReview, makeRunResult } from '../../support/result-fixture.ts'

describe('entity outcomes', () => {
  it('sums the groups exactly in LCY and counts material lines still Open', () => {
    const result = makeRunResult()
    const reviews = new Map([['timing|EC_NG|V-NG-0001', makeReview()]])
    const [ng, gh] = entityOutcomes(result, reviews)
    const variance = result.tieOut
      .filter((r) => r.companyCode === 'EC_NG')
      .reduce((sum, r) => sum + Math.round(Number(r.varianceLcy) * 100), 0)
    expect(ng?.variance).toBe((variance / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }))
    const material = result.bridges
      .flatMap((b) => b.lines)
      .filter((l) => l.companyCode === 'EC_NG' && l.material)
      .map((l) => l.key)
    expect(material).toContain('timing|EC_NG|V-NG-0001')
    expect(ng).toMatchObject({ currency: 'NGN', groups: 7, materialLines: material.length, materialOpen: material.length - 1 })
    expect(gh).toMatchObject({ status: 'FX_MISSING', totalUnexplainedUsd: null })
  })
})
