import { describe, expect, it } from 'vitest'
import { isTieoutError } from '../../../shared/errors.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { boundParameters, DEFAULT_SQL_CATALOG_CONFIG, loadQuery } from '../../../server/sql/catalog.ts'
import type { ExtractParams } from '../../../server/sources/source.ts'

const params = (o: Partial<ExtractParams> = {}): ExtractParams => ({
  period: parsePeriod('2025-09'),
  companies: ['EC_NG', 'JM_EG'],
  glAccounts: ['13003', '18412'],
  ...o,
})

describe('loadQuery', () => {
  it("lists the extract's parameters in the catalog's order with their SQL types", () => {
    const query = loadQuery('CR_03')
    expect(query.parameters.map((p) => [p.name, p.type])).toEqual([
      ['yearStart', 'Date'],
      ['nextPeriodStart', 'Date'],
      ['glAccounts', 'NVarChar(max)'],
      ['companies', 'NVarChar(max)'],
    ])
    expect(query.text).toMatch(/^-- Tieout extract CR_03:/)
  })

  it('binds the FX year and month as integers', () => {
    const query = loadQuery('CR_05')
    expect(query.parameters.map((p) => [p.name, p.type, p.value(params())])).toEqual([
      ['fxYear', 'Int', 2025],
      ['fxMonth', 'Int', 9],
    ])
  })

  it('refuses JDASH, which only arrives as a file', () => {
    let error: unknown
    try {
      loadQuery('JDASH')
    } catch (caught) {
      error = caught
    }
    expect(isTieoutError(error) && error.code).toBe('TIEOUT_ERR_SOURCE_QUERY')
    expect(String(error)).toMatch(/JDASH/)
  })
})

describe('boundParameters', () => {
  it('derives the dates from the period (methodology §2)', () => {
    expect(boundParameters('IPE_11', params())).toEqual({
      periodStart: '2025-09-01',
      nextPeriodStart: '2025-10-01',
      companies: '["EC_NG","JM_EG"]',
    })
    expect(boundParameters('CR_04', params({ period: parsePeriod('2025-12') }))).toMatchObject({ closingDate: '2025-12-31' })
    expect(boundParameters('CR_03', params({ period: parsePeriod('2025-12') }))).toMatchObject({
      yearStart: '2025-01-01',
      nextPeriodStart: '2026-01-01',
    })
  })

  it('sends company and account lists as JSON text; an empty company list means all companies', () => {
    expect(boundParameters('CR_04', params({ companies: [] }))).toEqual({
      closingDate: '2025-09-30',
      glAccounts: '["13003","18412"]',
      companies: '[]',
    })
  })

  it('takes the exclusion lists and posting groups from the configuration', () => {
    expect(boundParameters('IPE_31', params())).toMatchObject({ excludedCountries: '["TN","TZ","ZA"]' })
    expect(boundParameters('IPE_34', params())).toMatchObject({ excludedCompanies: '["AT_TN","EC_CM"]' })
    expect(JSON.parse(String(boundParameters('IPE_07', params()).customerPostingGroups))).toHaveLength(17)
    const config = { ...DEFAULT_SQL_CATALOG_CONFIG, excludedCountries: ['ZA'] }
    expect(boundParameters('IPE_31', params(), config)).toMatchObject({ excludedCountries: '["ZA"]' })
  })

  it('binds nothing for the entity master', () => {
    expect(boundParameters('ENTITIES', params())).toEqual({})
  })
})
