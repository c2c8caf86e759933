import { describe, expect, it } from 'vitest'
import { accountGroup, parseAccountMap } from '../../../shared/recon/account-map.ts'
import { cents } from '../../../shared/money.ts'
import {
  bridgeLineContext,
  bucketContext,
  ENTITY_CONTEXT,
  groupContext,
  isMaterial,
  parseThresholdFile,
  resolveThreshold,
  statusOf,
  thresholdsForCountry,
  type ThresholdFile,
} from '../../../shared/recon/thresholds.ts'
import type { ThresholdRef } from '../../../shared/result/types.ts'
import { shippedConfig } from './shipped-config.ts'

const defaults = shippedConfig('config/thresholds/DEFAULT.json')
const egypt = shippedConfig('config/thresholds/EG.json')
const shipped = [
  parseThresholdFile(defaults.json, defaults.file, defaults.sha256),
  parseThresholdFile(egypt.json, egypt.file, egypt.sha256),
]
const mapConfig = shippedConfig('config/account-map.json')
const map = parseAccountMap(mapConfig.json, mapConfig.file)
const vouchers = accountGroup(map, 'voucher-liability')!
const customerAr = accountGroup(map, 'customer-ar')!

type RuleJson = { type: string; valueUsd: string; scope?: Record<string, string[]> }
const source = (country: string, rules: RuleJson[], file = `${country}.json`): ThresholdFile =>
  parseThresholdFile({ version: 1, country, rules }, file, `sha-of-${file}`)

const threshold = (valueUsd: string): ThresholdRef => ({ type: 'BUCKET_USD', valueUsd, file: 'DEFAULT.json', sha256: 'x', rule: 0 })

describe('shipped thresholds (methodology §8 defaults)', () => {
  const eg = thresholdsForCountry(shipped, 'EG')
  const ng = thresholdsForCountry(shipped, 'NG')

  it('EG voucher liability: BUCKET 1000 and LINE_ITEM 5000 from EG.json with its SHA-256', () => {
    expect(resolveThreshold(eg, 'BUCKET_USD', groupContext(vouchers))).toEqual({
      type: 'BUCKET_USD',
      valueUsd: '1000.00',
      file: 'config/thresholds/EG.json',
      sha256: egypt.sha256,
      rule: 0,
    })
    expect(resolveThreshold(eg, 'LINE_ITEM_USD', bridgeLineContext(map, 'timing'))).toMatchObject({
      valueUsd: '5000.00',
      file: 'config/thresholds/EG.json',
      rule: 1,
    })
  })

  it('EG LINE_ITEM 5000 applies only to 18412 contexts; other EG lines use DEFAULT 500', () => {
    expect(resolveThreshold(eg, 'LINE_ITEM_USD', bridgeLineContext(map, 'business-line'))).toMatchObject({
      valueUsd: '500.00',
      file: 'config/thresholds/DEFAULT.json',
      rule: 1,
    })
    expect(resolveThreshold(eg, 'LINE_ITEM_USD', groupContext(customerAr))).toMatchObject({
      valueUsd: '500.00',
      file: 'config/thresholds/DEFAULT.json',
    })
  })

  it('EG country materiality is 22000; other countries 10000 from DEFAULT', () => {
    expect(resolveThreshold(eg, 'COUNTRY_MATERIALITY_USD', ENTITY_CONTEXT)).toMatchObject({
      valueUsd: '22000.00',
      file: 'config/thresholds/EG.json',
      rule: 2,
    })
    expect(resolveThreshold(ng, 'COUNTRY_MATERIALITY_USD', ENTITY_CONTEXT)).toMatchObject({
      valueUsd: '10000.00',
      file: 'config/thresholds/DEFAULT.json',
      sha256: defaults.sha256,
    })
  })

  // AC-48, adjusted by methodology §11: a GL-scoped rule no longer matches a context without GL accounts.
  it('AC-48: (EG, 18412) → 1000 / 5000; (EG, no GL) → 1000 / 500; (EG, 13003) → 1000 / 500; (NG, 18412) → 1000 / 500', () => {
    const pair = (thresholds: typeof eg, glAccounts?: string[]) => [
      resolveThreshold(thresholds, 'BUCKET_USD', { glAccounts }).valueUsd,
      resolveThreshold(thresholds, 'LINE_ITEM_USD', { glAccounts }).valueUsd,
    ]
    expect(pair(eg, ['18412'])).toEqual(['1000.00', '5000.00'])
    expect(pair(eg)).toEqual(['1000.00', '500.00'])
    expect(pair(eg, ['13003'])).toEqual(['1000.00', '500.00'])
    expect(pair(ng, ['18412'])).toEqual(['1000.00', '500.00'])
  })

  it('falls back to the built-in 1000 / 500 / 10000 without any file', () => {
    const none = thresholdsForCountry([], 'NG')
    expect(resolveThreshold(none, 'BUCKET_USD', ENTITY_CONTEXT)).toEqual({
      type: 'BUCKET_USD',
      valueUsd: '1000.00',
      file: 'built-in',
      sha256: null,
      rule: null,
    })
    expect(resolveThreshold(none, 'LINE_ITEM_USD', ENTITY_CONTEXT).valueUsd).toBe('500.00')
    expect(resolveThreshold(none, 'COUNTRY_MATERIALITY_USD', ENTITY_CONTEXT).valueUsd).toBe('10000.00')
  })
})

describe('threshold resolution (methodology §8, §11)', () => {
  it('the most specific matching rule wins, whatever its position in the file', () => {
    const file = source('KE', [
      { type: 'BUCKET_USD', valueUsd: '900', scope: { glAccounts: ['18412'] } },
      { type: 'BUCKET_USD', valueUsd: '700', scope: { glAccounts: ['18412'], categories: ['Usage'] } },
    ])
    const ke = thresholdsForCountry([file], 'KE')
    expect(resolveThreshold(ke, 'BUCKET_USD', bucketContext(vouchers, 'Usage', 'Refund'))).toMatchObject({ valueUsd: '700.00', rule: 1 })
    expect(resolveThreshold(ke, 'BUCKET_USD', bucketContext(vouchers, 'Issuance', 'Refund'))).toMatchObject({ valueUsd: '900.00', rule: 0 })
  })

  it('equally specific rules: the first in file order wins', () => {
    const file = source('KE', [
      { type: 'BUCKET_USD', valueUsd: '800', scope: { categories: ['Usage'] } },
      { type: 'BUCKET_USD', valueUsd: '600', scope: { voucherTypes: ['Refund'] } },
    ])
    expect(resolveThreshold(thresholdsForCountry([file], 'KE'), 'BUCKET_USD', bucketContext(vouchers, 'Usage', 'Refund'))).toMatchObject({
      valueUsd: '800.00',
      rule: 0,
    })
  })

  it('a non-empty scope list matches only when the context supplies a value in it', () => {
    const file = source('KE', [{ type: 'BUCKET_USD', valueUsd: '300', scope: { voucherTypes: ['Refund'] } }])
    const ke = thresholdsForCountry([file], 'KE')
    expect(resolveThreshold(ke, 'BUCKET_USD', bucketContext(vouchers, 'Usage', null)).file).toBe('built-in')
    expect(resolveThreshold(ke, 'BUCKET_USD', groupContext(vouchers)).file).toBe('built-in')
  })

  it("a group's GL context is all its accounts: any listed one matches", () => {
    const file = source('KE', [{ type: 'BUCKET_USD', valueUsd: '250', scope: { glAccounts: ['13009'] } }])
    expect(resolveThreshold(thresholdsForCountry([file], 'KE'), 'BUCKET_USD', groupContext(customerAr)).valueUsd).toBe('250.00')
  })

  it('categories and voucher types compare trimmed and case-insensitively', () => {
    const file = source('KE', [{ type: 'BUCKET_USD', valueUsd: '400', scope: { categories: ['usage'], voucherTypes: [' store credit'] } }])
    expect(
      resolveThreshold(thresholdsForCountry([file], 'KE'), 'BUCKET_USD', bucketContext(vouchers, 'Usage', 'Store Credit')).valueUsd,
    ).toBe('400.00')
  })

  it('the country file wins over DEFAULT, and DEFAULT fills what the country file does not match', () => {
    const ke = thresholdsForCountry(
      [
        source('DEFAULT', [{ type: 'BUCKET_USD', valueUsd: '2000' }]),
        source('KE', [{ type: 'BUCKET_USD', valueUsd: '1500', scope: { glAccounts: ['18412'] } }]),
      ],
      'KE',
    )
    expect(resolveThreshold(ke, 'BUCKET_USD', groupContext(vouchers))).toMatchObject({ valueUsd: '1500.00', file: 'KE.json' })
    expect(resolveThreshold(ke, 'BUCKET_USD', groupContext(customerAr))).toMatchObject({ valueUsd: '2000.00', file: 'DEFAULT.json' })
  })

  it('two files for the same country are a configuration error', () => {
    expect(() => thresholdsForCountry([source('KE', [], 'a.json'), source('KE', [], 'b.json')], 'KE')).toThrow(
      /KE is also defined by a\.json/,
    )
  })
})

describe('statusOf and isMaterial (methodology §8, §11)', () => {
  it('|x| equal to the threshold is INVESTIGATE', () => {
    expect(statusOf(cents(100_000), threshold('1000.00'))).toBe('INVESTIGATE')
    expect(statusOf(cents(-100_000), threshold('1000.00'))).toBe('INVESTIGATE')
  })

  it('|x| below the threshold is OK', () => {
    expect(statusOf(cents(99_999), threshold('1000.00'))).toBe('OK')
    expect(statusOf(cents(-99_999), threshold('1000.00'))).toBe('OK')
  })

  it('unknown USD is FX_MISSING', () => {
    expect(statusOf(null, threshold('1000.00'))).toBe('FX_MISSING')
  })

  it('a line is material at |USD| ≥ LINE_ITEM_USD, and when its USD is unknown', () => {
    expect(isMaterial(cents(50_000), threshold('500.00'))).toBe(true)
    expect(isMaterial(cents(-49_999), threshold('500.00'))).toBe(false)
    expect(isMaterial(null, threshold('500.00'))).toBe(true)
  })
})

describe('threshold file validation names the bad field', () => {
  const parse = (rules: unknown[]) => parseThresholdFile({ version: 1, country: 'KE', rules }, 'KE.json', 'k')

  it.each(['1,000', '-5', '10.001', 'abc', ''])('valueUsd "%s" is rejected', (valueUsd) => {
    expect(() =>
      parse([
        { type: 'BUCKET_USD', valueUsd: '1' },
        { type: 'BUCKET_USD', valueUsd },
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'TIEOUT_ERR_BAD_CONFIG',
        params: { file: 'KE.json', detail: expect.stringContaining('rules[1].valueUsd') },
      }),
    )
  })

  it('reads "1000" and 1000 as 1000.00 USD', () => {
    expect(
      parse([
        { type: 'BUCKET_USD', valueUsd: '1000' },
        { type: 'BUCKET_USD', valueUsd: 1000 },
      ]).rules.map((rule) => rule.valueCents),
    ).toEqual([100_000, 100_000])
  })

  it('an unknown type', () => {
    expect(() => parse([{ type: 'BUCKET', valueUsd: '1' }])).toThrow(/rules\[0\]\.type: unknown type/)
  })

  it('a misspelt scope key', () => {
    expect(() => parse([{ type: 'BUCKET_USD', valueUsd: '1', scope: { glAccount: ['18412'] } }])).toThrow(
      /rules\[0\]\.scope\.glAccount: unknown key/,
    )
  })

  it('a country that is neither ISO-2 nor DEFAULT', () => {
    expect(() => parseThresholdFile({ version: 1, country: 'Egypt', rules: [] }, 'EG.json', 'e')).toThrow(/country: "Egypt" is not/)
  })
})
