import { describe, expect, it } from 'vitest'
import { entityOutcomes } from '../../../addin/state/outcome.ts'
import { makeReview, makeRunResult } from '../../support/result-fixture.ts'

describe('entity outcomes', () => {
  it('explains the conclusion in words and lists the groups to investigate with their own USD and threshold', () => {
    const result = makeRunResult()
    const reviews = new Map([['timing|EC_NG|V-NG-0001', makeReview()]])
    const [ng, gh] = entityOutcomes(result, reviews)
    expect(ng?.conclusion).toMatch(
      /^\d account groups are above their threshold\. Unexplained differences of the 7 reconciled account groups, each counted positive, come to 4,088\.25 USD, within the country materiality of 10,000\.00 USD/,
    )
    expect(ng?.toInvestigate).toContainEqual({
      key: 'tieout|EC_NG|customer-ar',
      title: 'Customer AR',
      status: 'INVESTIGATE',
      unexplainedUsd: '2,058.68',
      thresholdUsd: '1,000.00',
    })
    expect(JSON.stringify(ng)).not.toContain('Σ')
    const material = result.bridges
      .flatMap((b) => b.lines)
      .filter((l) => l.companyCode === 'EC_NG' && l.material)
      .map((l) => l.key)
    expect(material).toContain('timing|EC_NG|V-NG-0001')
    expect(ng).toMatchObject({ currency: 'NGN', groups: 7, materialLines: material.length, materialOpen: material.length - 1 })
    expect(gh).toMatchObject({ status: 'FX_MISSING' })
    expect(gh?.conclusion).toContain('No closing FX rate for GHS')
  })
})
