import { describe, expect, it } from 'vitest'
import type { Cr04Row } from '../../../shared/extracts/rows.ts'
import { fxRateOf } from '../../../shared/fx.ts'
import { cents as toCents, type Cents, ZERO_CENTS } from '../../../shared/money.ts'
import { parseAccountMap } from '../../../shared/recon/account-map.ts'
import { parseThresholdFile, thresholdsForCountry } from '../../../shared/recon/thresholds.ts'
import { actualsByAccount, explainedByGroup, tieOutEntity, type TieOutInput } from '../../../shared/recon/tie-out.ts'
import { shippedConfig } from './shipped-config.ts'
import { rowOf, type PlainAmounts } from '../../support/plain-amounts.ts'

const mapConfig = shippedConfig('config/account-map.json')
const map = parseAccountMap(mapConfig.json, mapConfig.file)
const defaults = shippedConfig('config/thresholds/DEFAULT.json')
const egypt = shippedConfig('config/thresholds/EG.json')
const files = [parseThresholdFile(defaults.json, defaults.file, defaults.sha256), parseThresholdFile(egypt.json, egypt.file, egypt.sha256)]

const amounts = (record: Record<string, number>): [string, Cents][] => Object.entries(record).map(([key, value]) => [key, toCents(value)])
const cents = (record: Record<string, number>): Map<string, Cents> => new Map(amounts(record))

/** One entity with every group's TV present and zero, rate 1 unless overridden. */
const input = (o: Partial<TieOutInput> = {}): TieOutInput => ({
  companyCode: 'EC_NG',
  map,
  actuals: new Map(),
  tv: new Map(map.groups.map((group) => [group.key, ZERO_CENTS])),
  explained: new Map(),
  rate: fxRateOf('1'),
  thresholds: thresholdsForCountry(files, 'NG'),
  ...o,
})

const withTv = (record: Record<string, number>): Map<string, Cents> => new Map([...input().tv, ...amounts(record)])

const group = (result: ReturnType<typeof tieOutEntity>, key: string) => {
  const row = result.rows.find((candidate) => candidate.group === key)
  if (!row) throw new Error(`no row for ${key}`)
  return row
}

describe('account tie-out per group (methodology §4)', () => {
  // AC-39, restated as a group: actuals vs TV per account group, USD = LCY / rate.
  it('AC-39: actuals 1,650,000 vs TV 1,485,000 at 1650 → variance 165,000.00 LCY, 1000 / 900 / 100 USD', () => {
    const result = tieOutEntity(
      input({ actuals: cents({ 13003: 165_000_000 }), tv: withTv({ 'customer-ar': 148_500_000 }), rate: fxRateOf('1650') }),
    )
    expect(group(result, 'customer-ar')).toMatchObject({
      actualsLcy: '1650000.00',
      tvLcy: '1485000.00',
      varianceLcy: '165000.00',
      unexplainedLcy: '165000.00',
      actualsUsd: '1000.00',
      tvUsd: '900.00',
      varianceUsd: '100.00',
      unexplainedUsd: '100.00',
      status: 'OK',
    })
  })

  // AC-40, restated: a group with TV and no GL balance still shows, with actuals 0.
  it('AC-40: a group with TV and no GL balance shows actuals 0.00 and variance −TV', () => {
    const row = group(tieOutEntity(input({ tv: withTv({ 'customer-prepayments': 50_000 }) })), 'customer-prepayments')
    expect(row).toMatchObject({ actualsLcy: '0.00', tvLcy: '500.00', varianceLcy: '-500.00' })
  })

  it('liabilities: variance = −1 × actuals − TV, so a credit balance equal to TV gives 0.00', () => {
    const row = group(
      tieOutEntity(input({ actuals: cents({ 18412: -1_000_000 }), tv: withTv({ 'voucher-liability': 1_000_000 }) })),
      'voucher-liability',
    )
    expect(row).toMatchObject({ sign: -1, actualsLcy: '-10000.00', varianceLcy: '0.00', status: 'OK' })
  })

  it('sums every account of the group', () => {
    const row = group(tieOutEntity(input({ actuals: cents({ 13003: 100, 13004: 200, 13009: 300, 13001: 5_000 }) })), 'customer-ar')
    expect(row.actualsLcy).toBe('6.00')
  })

  it('unexplained = variance − explained; bridges explain the voucher liability with sign +1', () => {
    const explained = explainedByGroup(map, [
      { bridge: 'timing', totalCents: toCents(60_000) },
      { bridge: 'vtc', totalCents: toCents(40_000) },
      { bridge: 'business-line', totalCents: toCents(500_000) },
    ])
    const result = tieOutEntity(input({ actuals: cents({ 18412: -1_000_000 }), tv: withTv({ 'voucher-liability': 900_000 }), explained }))
    expect(group(result, 'voucher-liability')).toMatchObject({
      varianceLcy: '1000.00',
      explainedLcy: '1000.00',
      unexplainedLcy: '0.00',
      status: 'OK',
    })
    expect(group(result, 'customer-ar')).toMatchObject({ explainedLcy: '0.00' })
  })

  // AC-44, rewritten for methodology §4: the BUCKET_USD threshold applies to each group's |unexplained USD|.
  it('AC-44: unexplained 999.99 USD is OK, 1000.00 USD (equal to BUCKET_USD) is INVESTIGATE', () => {
    const status = (actuals: number) =>
      group(tieOutEntity(input({ actuals: cents({ 13003: actuals }), tv: withTv({ 'customer-ar': 1_000_000 }) })), 'customer-ar')
    expect(status(1_099_999)).toMatchObject({ unexplainedUsd: '999.99', status: 'OK' })
    expect(status(1_100_000)).toMatchObject({
      unexplainedUsd: '1000.00',
      status: 'INVESTIGATE',
      threshold: { type: 'BUCKET_USD', valueUsd: '1000.00', file: 'config/thresholds/DEFAULT.json', sha256: defaults.sha256, rule: 0 },
    })
  })

  // AC-45, rewritten for methodology §4: each TV is compared with its own accounts, not summed into one target.
  it('AC-45: CR_04 13003 10,000 vs IPE_07 8,000 and IPE_08 500 → customer AR 2,000 INVESTIGATE, voucher liability −500 OK', () => {
    const result = tieOutEntity(
      input({ actuals: cents({ 13003: 1_000_000 }), tv: withTv({ 'customer-ar': 800_000, 'voucher-liability': 50_000 }) }),
    )
    expect(group(result, 'customer-ar')).toMatchObject({ varianceLcy: '2000.00', status: 'INVESTIGATE' })
    expect(group(result, 'voucher-liability')).toMatchObject({ actualsLcy: '0.00', varianceLcy: '-500.00', status: 'OK' })
  })

  // AC-42: EG contract, GL 18412, variance USD exactly at the threshold.
  it('AC-42: EG voucher liability variance 1000.00 USD at rate 50 is INVESTIGATE under EG.json', () => {
    const result = tieOutEntity(
      input({
        companyCode: 'JM_EG',
        actuals: cents({ 18412: -6_000_000 }),
        tv: withTv({ 'voucher-liability': 1_000_000 }),
        rate: fxRateOf('50'),
        thresholds: thresholdsForCountry(files, 'EG'),
      }),
    )
    const row = group(result, 'voucher-liability')
    expect(row).toMatchObject({ varianceLcy: '50000.00', varianceUsd: '1000.00', status: 'INVESTIGATE' })
    expect(row.threshold).toMatchObject({ file: 'config/thresholds/EG.json', rule: 0 })
    expect(row.threshold?.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  // AC-41 and AC-43, changed by methodology §2: a missing rate gives USD null and FX_MISSING, never USD = LCY.
  it('AC-41/AC-43: without a rate every USD figure is null and every group FX_MISSING', () => {
    const result = tieOutEntity(
      input({ companyCode: 'EC_KE', actuals: cents({ 13003: 14_200_000 }), tv: withTv({ 'customer-ar': 12_800_000 }), rate: null }),
    )
    expect(group(result, 'customer-ar')).toMatchObject({
      varianceLcy: '14000.00',
      actualsUsd: null,
      tvUsd: null,
      varianceUsd: null,
      explainedUsd: null,
      unexplainedUsd: null,
      status: 'FX_MISSING',
    })
    expect(group(result, 'customer-ar').threshold?.valueUsd).toBe('1000.00')
    expect(result.rows.every((row) => row.status === 'FX_MISSING')).toBe(true)
  })

  it('NO_TV: a group whose TV extract was not in the run shows actuals only', () => {
    const tv = new Map(input().tv)
    tv.delete('marketplace-accrued-revenue')
    const row = group(tieOutEntity(input({ actuals: cents({ 18304: -12_345 }), tv })), 'marketplace-accrued-revenue')
    expect(row).toMatchObject({
      tvExtract: 'IPE_11',
      actualsLcy: '-123.45',
      actualsUsd: '-123.45',
      tvLcy: null,
      varianceLcy: null,
      unexplainedLcy: null,
      varianceUsd: null,
      status: 'NO_TV',
      threshold: null,
    })
  })

  it('NO_TV comes before FX_MISSING: without TV there is nothing to compare', () => {
    expect(group(tieOutEntity(input({ tv: new Map(), rate: null })), 'customer-ar').status).toBe('NO_TV')
  })

  it('row keys are tieout|<entity>|<group>, one row per group in map order', () => {
    expect(tieOutEntity(input()).rows.map((row) => row.key)).toEqual(map.groups.map((g) => `tieout|EC_NG|${g.key}`))
  })
})

describe('USD figures (methodology §2, §11)', () => {
  it('round half away from zero', () => {
    const usd = (actuals: number) =>
      group(tieOutEntity(input({ actuals: cents({ 13003: actuals }), rate: fxRateOf('2') })), 'customer-ar').actualsUsd
    expect(usd(1)).toBe('0.01')
    expect(usd(-1)).toBe('-0.01')
    expect(usd(3)).toBe('0.02')
  })

  it('are rounded once per aggregate, not summed from rounded accounts', () => {
    // 0.01 / 4 rounds to 0.00 per account; the group's 0.02 / 4 = 0.005 rounds to 0.01.
    const row = group(tieOutEntity(input({ actuals: cents({ 13003: 1, 13004: 1 }), rate: fxRateOf('4') })), 'customer-ar')
    expect(row.actualsUsd).toBe('0.01')
  })

  it('USD variance − explained may differ from USD unexplained by 0.01', () => {
    const explained = explainedByGroup(map, [{ bridge: 'timing', totalCents: toCents(-1) }])
    const row = group(tieOutEntity(input({ actuals: cents({ 18412: -1 }), explained, rate: fxRateOf('2') })), 'voucher-liability')
    expect(row).toMatchObject({ varianceLcy: '0.01', explainedLcy: '-0.01', unexplainedLcy: '0.02' })
    expect(row).toMatchObject({ varianceUsd: '0.01', explainedUsd: '-0.01', unexplainedUsd: '0.01' })
  })
})

describe('entity conclusion (methodology §4, §11)', () => {
  const twoGroups = (ar: number, prepayments: number) => input({ actuals: cents({ 13003: ar, 18350: -prepayments }), tv: withTv({}) })

  it('OK when every group is OK and Σ |unexplained USD| < COUNTRY_MATERIALITY_USD', () => {
    const { conclusion } = tieOutEntity(twoGroups(60_000, 60_000))
    expect(conclusion).toEqual({
      key: 'entity|EC_NG',
      companyCode: 'EC_NG',
      status: 'OK',
      totalUnexplainedUsd: '1200.00',
      threshold: {
        type: 'COUNTRY_MATERIALITY_USD',
        valueUsd: '10000.00',
        file: 'config/thresholds/DEFAULT.json',
        sha256: defaults.sha256,
        rule: 2,
      },
    })
  })

  it('the entity total adds absolute values: +600 and −600 make 1200, not 0', () => {
    const result = tieOutEntity(input({ actuals: cents({ 13003: 60_000, 13001: -60_000 }) }))
    expect(result.conclusion.totalUnexplainedUsd).toBe('1200.00')
  })

  it('INVESTIGATE when one group is INVESTIGATE', () => {
    expect(tieOutEntity(twoGroups(100_000, 0)).conclusion.status).toBe('INVESTIGATE')
  })

  it('INVESTIGATE when the total reaches materiality although every group is OK', () => {
    const groups = ['13001', '13003', '13005', '18304', '18317', '18350', '18412']
    const actuals = cents(Object.fromEntries(groups.map((account) => [account, 99_999])))
    const below = tieOutEntity(input({ actuals }))
    expect(below.conclusion).toMatchObject({ totalUnexplainedUsd: '6999.93', status: 'OK' })
    const tight = thresholdsForCountry(
      [
        parseThresholdFile(
          { version: 1, country: 'NG', rules: [{ type: 'COUNTRY_MATERIALITY_USD', valueUsd: '6999.93' }] },
          'NG.json',
          'n',
        ),
      ],
      'NG',
    )
    expect(tieOutEntity(input({ actuals, thresholds: tight })).conclusion).toMatchObject({
      status: 'INVESTIGATE',
      threshold: { file: 'NG.json', valueUsd: '6999.93' },
    })
  })

  it('EG materiality is 22000 USD', () => {
    const { conclusion } = tieOutEntity(input({ companyCode: 'JM_EG', thresholds: thresholdsForCountry(files, 'EG') }))
    expect(conclusion.threshold).toMatchObject({ valueUsd: '22000.00', file: 'config/thresholds/EG.json' })
  })

  it('FX_MISSING when the rate is missing, with total USD null', () => {
    expect(tieOutEntity(input({ rate: null })).conclusion).toMatchObject({ status: 'FX_MISSING', totalUnexplainedUsd: null })
  })

  it('a NO_TV group keeps the entity from OK; its actuals stay out of the total', () => {
    const result = tieOutEntity(input({ tv: new Map([['customer-ar', ZERO_CENTS]]), actuals: cents({ 18412: 99_999_999 }) }))
    expect(result.conclusion).toMatchObject({ status: 'INVESTIGATE', totalUnexplainedUsd: '0.00' })
    expect(result.rows.filter((row) => row.status === 'NO_TV')).toHaveLength(6)
    expect(result.rows.find((row) => row.group === 'customer-ar')?.status).toBe('OK')
  })

  it('an entity with no reconciled group at all is not OK', () => {
    expect(tieOutEntity(input({ tv: new Map() })).conclusion.status).toBe('INVESTIGATE')
  })
})

describe('actualsByAccount (methodology §3 CR_04)', () => {
  const cr04 = (o: Partial<PlainAmounts<Cr04Row>> = {}): Cr04Row =>
    rowOf<Cr04Row>({
      companyCode: 'EC_NG',
      closingDate: '2025-09-30',
      account: '13003',
      balance: 10_000,
      ...o,
    })

  it('aggregates the currency/business-line split per company × GL account', () => {
    const actuals = actualsByAccount([cr04(), cr04({ balance: -2_500 }), cr04({ account: '18412', balance: -7 })], 'EC_NG')
    expect(Object.fromEntries(actuals)).toEqual({ 13003: 7_500, 18412: -7 })
  })

  it('ignores rows of other companies and null balances', () => {
    const actuals = actualsByAccount([cr04({ companyCode: 'JM_EG' }), cr04({ balance: null }), cr04({ companyCode: ' EC_NG ' })], 'EC_NG')
    expect(Object.fromEntries(actuals)).toEqual({ 13003: 10_000 })
  })

  it('with a closing date, ignores rows of another date', () => {
    expect(Object.fromEntries(actualsByAccount([cr04(), cr04({ closingDate: '2025-08-31' })], 'EC_NG', '2025-09-30'))).toEqual({
      13003: 10_000,
    })
  })
})
