import { describe, expect, it } from 'vitest'
import { inScopeCountryCodes, parseCurrencies, resolveEntities, withFxRate } from '../../shared/entities.ts'
import type { EntityRow } from '../../shared/extracts/rows.ts'
import { fxRateOf } from '../../shared/fx.ts'
import { shippedConfig } from './recon/shipped-config.ts'

const entity = (o: Partial<EntityRow> = {}): EntityRow => ({
  companyCode: 'EC_NG',
  name: 'Jumia Nigeria',
  countryCode: 'NG',
  inConsoScope: true,
  ...o,
})

const master: EntityRow[] = [
  entity(),
  entity({ companyCode: 'JM_EG', name: 'Jumia Egypt', countryCode: 'EG' }),
  entity({ companyCode: 'EC_IC', name: 'Jumia Côte d’Ivoire', countryCode: 'CI' }),
  entity({ companyCode: 'EC_TN', name: 'Jumia Tunisia', countryCode: 'TN', inConsoScope: false }),
  entity({ companyCode: 'EC_XX', name: 'Nowhere', countryCode: 'XX' }),
]

const shipped = shippedConfig('config/currencies.json')
const currencies = parseCurrencies(shipped.json, shipped.file)

describe('currencies configuration (methodology §2)', () => {
  it('ships the known country currencies', () => {
    const known = { NG: 'NGN', GH: 'GHS', KE: 'KES', EG: 'EGP', MA: 'MAD', CI: 'XOF', SN: 'XOF', UG: 'UGX', DZ: 'DZD' }
    for (const [country, currency] of Object.entries(known)) expect(currencies.get(country)).toBe(currency)
  })

  it('names the bad field when a country code is not ISO-2', () => {
    expect(() => parseCurrencies({ version: 1, currencies: { Nigeria: 'NGN' } }, 'currencies.json')).toThrow(
      expect.objectContaining({
        code: 'TIEOUT_ERR_BAD_CONFIG',
        params: expect.objectContaining({ detail: expect.stringContaining('currencies.Nigeria') }),
      }),
    )
  })

  it('rejects a currency that is not ISO-4217', () => {
    expect(() => parseCurrencies({ version: 1, currencies: { NG: 'naira' } }, 'c.json')).toThrow(
      /currencies\.NG: "naira" is not an ISO 4217/,
    )
  })

  it('rejects another version', () => {
    expect(() => parseCurrencies({ version: 2, currencies: { NG: 'NGN' } }, 'c.json')).toThrow(/version: expected 1/)
  })
})

describe('resolveEntities (methodology §2)', () => {
  it('gives company, name, country and configured currency of a requested entity', () => {
    expect(resolveEntities(master, currencies, ['JM_EG'])).toEqual([
      { companyCode: 'JM_EG', name: 'Jumia Egypt', countryCode: 'EG', currency: 'EGP' },
    ])
  })

  it('keeps the requested order and reads codes trimmed and case-insensitively', () => {
    const codes = resolveEntities(master, currencies, [' jm_eg ', 'EC_NG', 'JM_EG']).map((e) => e.companyCode)
    expect(codes).toEqual(['JM_EG', 'EC_NG'])
  })

  it('all-in-scope takes every in-scope entity of the master, by company code', () => {
    const inScope = master.filter((row) => row.companyCode !== 'EC_XX')
    expect(resolveEntities(inScope, currencies, 'all-in-scope').map((e) => e.companyCode)).toEqual(['EC_IC', 'EC_NG', 'JM_EG'])
  })

  it('refuses a code that is not in the entity master', () => {
    expect(() => resolveEntities(master, currencies, ['EC_ZZ'])).toThrow(expect.objectContaining({ code: 'TIEOUT_ERR_UNKNOWN_ENTITY' }))
  })

  it('refuses an entity outside consolidation scope: only in-scope entities can be reconciled', () => {
    expect(() => resolveEntities(master, currencies, ['EC_TN'])).toThrow(
      expect.objectContaining({ code: 'TIEOUT_ERR_ENTITY_OUT_OF_SCOPE' }),
    )
  })

  it('refuses an entity whose country has no configured currency', () => {
    expect(() => resolveEntities(master, currencies, ['EC_XX'])).toThrow(
      expect.objectContaining({ code: 'TIEOUT_ERR_NO_CURRENCY', params: { entity: 'EC_XX', country: 'XX' } }),
    )
  })

  it('treats a null scope flag as out of scope', () => {
    expect(() => resolveEntities([entity({ inConsoScope: null })], currencies, ['EC_NG'])).toThrow(
      expect.objectContaining({ code: 'TIEOUT_ERR_ENTITY_OUT_OF_SCOPE' }),
    )
  })

  it('refuses an empty request', () => {
    expect(() => resolveEntities(master, currencies, [])).toThrow(expect.objectContaining({ code: 'TIEOUT_ERR_BAD_INPUT' }))
  })
})

describe('inScopeCountryCodes (methodology §5 issuance subtypes)', () => {
  it('lists the country of every in-scope entity once, sorted', () => {
    expect(inScopeCountryCodes([...master, entity({ companyCode: 'JM_NG' })])).toEqual(['CI', 'EG', 'NG', 'XX'])
  })
})

describe('withFxRate', () => {
  it('publishes the rate as decimal text, or null when FX is missing', () => {
    const [nigeria] = resolveEntities(master, currencies, ['EC_NG'])
    expect(withFxRate(nigeria!, fxRateOf('1650.50')).fxRate).toBe('1650.5')
    expect(withFxRate(nigeria!, null).fxRate).toBeNull()
  })
})
