import { describe, expect, it } from 'vitest'
import { fxRateOf } from '../../../shared/fx.ts'
import { addCents, cents, type Cents, ZERO_CENTS } from '../../../shared/money.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { parseAccountMap } from '../../../shared/recon/account-map.ts'
import type { BridgeDraft } from '../../../shared/recon/bridges/index.ts'
import { assembleRunResult, type RunComputation } from '../../../shared/recon/assemble-result.ts'
import { parseThresholdFile } from '../../../shared/recon/thresholds.ts'
import { makeCategorization, makeClassification } from '../../support/result-fixture-parts.ts'
import { shippedConfig } from './shipped-config.ts'

const mapConfig = shippedConfig('config/account-map.json')
const map = parseAccountMap(mapConfig.json, mapConfig.file)
const defaults = shippedConfig('config/thresholds/DEFAULT.json')
const thresholds = [parseThresholdFile(defaults.json, defaults.file, defaults.sha256)]

const timingDraft = (companyCode: string, amounts: readonly number[]): BridgeDraft => ({
  bridge: 'timing',
  title: 'Timing differences',
  companyCode,
  totalLcy: amounts.reduce<Cents>((sum, amount) => addCents(sum, cents(amount)), ZERO_CENTS),
  lines: amounts.map((amountLcy, index) => ({
    bridge: 'timing',
    companyCode,
    businessKey: `V-${index}`,
    key: `timing|${companyCode}|V-${index}`,
    description: `line ${index}`,
    amountLcy: cents(amountLcy),
    detail: {},
  })),
  zeroLineCount: 0,
  diagnostics: [],
})

/** Two entities: EC_NG with a rate, JD_GH without one; each with a 0.00 line, a small line and a zero bucket. */
function computation(): RunComputation {
  const entities = [
    { companyCode: 'EC_NG', name: 'Nigeria', countryCode: 'NG', currency: 'NGN' },
    { companyCode: 'JD_GH', name: 'Ghana', countryCode: 'GH', currency: 'GHS' },
  ]
  return {
    runId: 'run-fx',
    productVersion: '0.0.0-test',
    period: parsePeriod('2025-09'),
    source: 'test',
    entities,
    rates: new Map([
      ['EC_NG', fxRateOf('1500')],
      ['JD_GH', null],
    ]),
    accountMap: map,
    thresholds,
    actuals: new Map(),
    targetValues: new Map(),
    bridges: [timingDraft('EC_NG', [0, 1_500_00]), timingDraft('JD_GH', [0, 1_00])],
    rollForward: ['EC_NG', 'JD_GH'].map((companyCode) => ({
      companyCode,
      category: 'Usage' as const,
      voucherType: 'Refund' as const,
      navLcy: ZERO_CENTS,
      bobLcy: ZERO_CENTS,
      varianceLcy: ZERO_CENTS,
    })),
    categorization: makeCategorization(),
    classification: makeClassification(() => null),
    extracts: [],
    quality: [],
    config: [],
  }
}

describe('USD figures without an FX rate (methodology §2)', () => {
  const result = assembleRunResult(computation())

  it('gives every USD figure of the entity without a rate null, a 0.00 LCY figure included, and makes each line material', () => {
    const ghana = result.bridges.find((bridge) => bridge.companyCode === 'JD_GH')
    expect(ghana?.totalUsd).toBeNull()
    expect(ghana?.lines.map((line) => [line.amountLcy, line.amountUsd, line.material])).toEqual([
      ['0.00', null, true],
      ['1.00', null, true],
    ])
    const bucket = result.rollForward.find((row) => row.companyCode === 'JD_GH')
    expect(bucket).toMatchObject({ varianceLcy: '0.00', varianceUsd: null, navUsd: null, bobUsd: null, status: 'FX_MISSING' })
  })

  it('keeps zero as zero USD for an entity with a rate', () => {
    const nigeria = result.bridges.find((bridge) => bridge.companyCode === 'EC_NG')
    expect(nigeria?.lines.map((line) => [line.amountLcy, line.amountUsd, line.material])).toEqual([
      ['0.00', '0.00', false],
      ['1500.00', '1.00', false],
    ])
    const bucket = result.rollForward.find((row) => row.companyCode === 'EC_NG')
    expect(bucket).toMatchObject({ varianceUsd: '0.00', status: 'OK' })
  })
})
