import { describe, expect, it } from 'vitest'
import { cents, centsToDecimal } from '../../../../shared/money.ts'
import { parsePeriod } from '../../../../shared/period.ts'
import { demoGroundTruth, type GroundTruth } from '../../../../server/demo/index.ts'
import { readAll, type DemoExtracts } from '../demo-extracts.ts'
import { miniRecon, type MiniResult } from '../mini-recon.ts'

/** Periods with different shapes: September (the benchmark), January (no earlier month in the year), a leap February. */
const CASES = [
  { period: '2025-09', scale: 0.1 },
  { period: '2025-01', scale: 0.05 },
  { period: '2024-02', scale: 0.05 },
]

describe.each(CASES)('demo data of $period at scale $scale: a run finds exactly what was planted', ({ period, scale }) => {
  const options = { period: parsePeriod(period), scale }
  const truth: GroundTruth = demoGroundTruth(options)
  const data: DemoExtracts = readAll(options)
  const results = new Map<string, MiniResult>(truth.companies.map((code) => [code, miniRecon(data, options.period, code)]))
  const result = (code: string) => results.get(code) as MiniResult
  const items = (kind: string, code: string) => truth.items.filter((item) => item.kind === kind && item.companyCode === code)
  const decimals = (map: Map<string, number>) => Object.fromEntries([...map].map(([key, amount]) => [key, centsToDecimal(cents(amount))]))

  it('covers the nine in-scope entities and lists the out-of-scope ones as ignored', () => {
    expect(truth.companies).toEqual(['EC_NG', 'JD_GH', 'EC_KE', 'JM_EG', 'EC_MA', 'EC_IC', 'HF_SN', 'JD_UG', 'JD_DZ'])
    expect(truth.ignoredCompanies).toEqual(['EC_TN', 'EC_ZA'])
  })

  it.each(truth.companies)('%s: only the planted 18412 rows are uncategorized, and every usage voucher is found and mapped', (code) => {
    const planted = items('uncategorized', code).map((item) => Number(item.detail.entryNo))
    expect([...result(code).uncategorized.keys()].sort()).toEqual(planted.sort())
    expect(result(code).notFound).toBe(0)
    expect(result(code).unmapped).toBe(0)
  })

  it('18412 texts trigger every categorization rule, integration issuance and usage being the most frequent', () => {
    const rules = result('EC_NG').rules
    for (const rule of ['1:manual', '2:integration', '2:manual', '3:integration', '4:manual', '5:manual', '6:manual', '7:manual'])
      expect(rules.get(rule) ?? 0, rule).toBeGreaterThan(0)
    const integration = (rules.get('2:integration') ?? 0) + (rules.get('3:integration') ?? 0)
    const all = [...rules.values()].reduce((a, b) => a + b, 0)
    expect(integration / all).toBeGreaterThan(0.6)
  })

  it.each(truth.companies)('%s: timing lines are exactly the planted vouchers, keyed by the normalized id', (code) => {
    const lines = Object.fromEntries(items('timing-line', code).map((item) => [item.key.split('|')[2], item.amountLcy]))
    expect(decimals(result(code).timingLines)).toEqual(lines)
    const entity = truth.entities.find((e) => e.companyCode === code)
    expect(result(code).timingInScope).toBe(entity?.bridges.timing.inScopeVouchers)
    expect(result(code).notInScope.count).toBe(entity?.bridges.timing.notInScope.count)
    expect(centsToDecimal(cents(result(code).notInScope.amount))).toBe(entity?.bridges.timing.notInScope.amountLcy)
  })

  it.each(truth.companies)('%s: VTC lists the unbooked valid refund vouchers inactive in N and nothing else', (code) => {
    const lines = Object.fromEntries(items('vtc-line', code).map((item) => [item.key.split('|')[2], item.amountLcy]))
    expect(decimals(result(code).vtcLines)).toEqual(lines)
    expect(
      items('vtc-line', code)
        .map((item) => item.role)
        .sort(),
    ).toEqual(['vtc-booked-as-usage', 'vtc-unbooked', 'vtc-unbooked'])
  })

  it.each(truth.companies)('%s: only the planted customers have two posting groups or several business lines', (code) => {
    const groups = Object.fromEntries(items('posting-group-line', code).map((item) => [item.detail.customerNo, item.detail.groups]))
    expect(Object.fromEntries([...result(code).postingGroups].map(([customer, c]) => [customer, c.groups]))).toEqual(groups)
    const lines = Object.fromEntries(
      items('business-line-line', code).map((item) => [`${item.detail.customerNo}|${item.detail.businessLine}`, item.amountLcy]),
    )
    expect(decimals(result(code).businessLines)).toEqual(lines)
  })

  it.each(truth.companies)('%s: each account group shows the planted unexplained variance after the bridges', (code) => {
    const entity = truth.entities.find((e) => e.companyCode === code)
    for (const group of entity?.groups ?? []) {
      const found = result(code).groups.get(group.key)
      expect({
        group: group.key,
        tv: centsToDecimal(cents(found?.tv ?? 0)),
        variance: centsToDecimal(cents(found?.variance ?? 0)),
        unexplained: centsToDecimal(cents(found?.unexplained ?? 0)),
      }).toEqual({
        group: group.key,
        tv: group.tvLcy,
        variance: group.varianceLcy,
        unexplained: group.unexplainedLcy,
      })
    }
  })

  it.each(truth.companies)('%s: the roll-forward buckets are those of the ground truth', (code) => {
    const entity = truth.entities.find((e) => e.companyCode === code)
    const expected = Object.fromEntries((entity?.rollForward ?? []).map((b) => [`${b.category}|${b.voucherType}`, [b.navLcy, b.bobLcy]]))
    const found = Object.fromEntries(
      [...result(code).rollForward]
        .filter(([, c]) => c.nav !== 0 || c.bob !== 0)
        .map(([key, c]) => [key, [centsToDecimal(cents(c.nav)), centsToDecimal(cents(c.bob))]]),
    )
    expect(found).toEqual(expected)
  })

  it.each(truth.companies)('%s: IPE_31 items classify as planted and only the unclassifiable type stays UNCLASSIFIED', (code) => {
    for (const item of items('classification', code))
      expect([item.detail.transactionType, result(code).classification.get(String(item.detail.relatedEntity))]).toEqual([
        item.detail.transactionType,
        item.detail.expectedRule,
      ])
    expect(result(code).unclassified).toBe(1)
  })
})
