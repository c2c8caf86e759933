import { describe, expect, it } from 'vitest'
import { allAccounts, bridgeAttribution, parseAccountMap, tvExtracts } from '../../../shared/recon/account-map.ts'
import { shippedConfig } from './shipped-config.ts'

const shipped = shippedConfig('config/account-map.json')
const map = parseAccountMap(shipped.json, shipped.file)

type EditableMap = {
  groups: { tv: Record<string, unknown>; glAccounts: string[]; [key: string]: unknown }[]
  bridges: Record<string, unknown>[]
}

/** A deep copy of the shipped map with one change, for validation cases. */
function edited(change: (json: EditableMap) => void): unknown {
  const json = structuredClone(shipped.json) as EditableMap
  change(json)
  return json
}

function badConfigDetail(json: unknown): string {
  try {
    parseAccountMap(json, 'account-map.json')
  } catch (error) {
    expect(error).toMatchObject({ code: 'TIEOUT_ERR_BAD_CONFIG', params: { file: 'account-map.json' } })
    return (error as { params: { detail: string } }).params.detail
  }
  throw new Error('expected TIEOUT_ERR_BAD_CONFIG')
}

describe('shipped account map (methodology §4 defaults)', () => {
  it('has the seven groups with their accounts, TV extract and sign', () => {
    const summary = map.groups.map((group) => [group.key, group.glAccounts.join(','), group.tv.extract, group.sign])
    expect(summary).toEqual([
      ['collection-accounts', '13001,13002', 'IPE_31', 1],
      ['customer-ar', '13003,13004,13009', 'IPE_07', 1],
      ['packages-delivered', '13005,13024', 'IPE_12', 1],
      ['marketplace-accrued-revenue', '18304', 'IPE_11', -1],
      ['marketplace-refund-liability', '18317', 'IPE_34', -1],
      ['customer-prepayments', '18350', 'IPE_10', -1],
      ['voucher-liability', '18412', 'IPE_08', -1],
    ])
  })

  it('sums IPE_10 PAID_FOR_ITEMS + PAID_FOR_SHIPPING and filters the voucher TV to open non-marketing vouchers', () => {
    expect(map.groups.find((g) => g.key === 'customer-prepayments')?.tv.fields).toEqual(['paidForItems', 'paidForShipping'])
    expect(map.groups.find((g) => g.key === 'voucher-liability')?.tv).toMatchObject({
      fields: ['remainingAmount'],
      filter: 'non-marketing-active-valid',
    })
  })

  it('attributes timing and VTC to the voucher liability with +1, posting group and business line to customer AR with 0', () => {
    expect(bridgeAttribution(map, 'timing')).toEqual({ bridge: 'timing', group: 'voucher-liability', sign: 1 })
    expect(bridgeAttribution(map, 'vtc')).toEqual({ bridge: 'vtc', group: 'voucher-liability', sign: 1 })
    expect(bridgeAttribution(map, 'posting-group')).toEqual({ bridge: 'posting-group', group: 'customer-ar', sign: 0 })
    expect(bridgeAttribution(map, 'business-line')).toEqual({ bridge: 'business-line', group: 'customer-ar', sign: 0 })
  })

  it("lists the run's GL accounts for CR_03 and CR_04, sorted", () => {
    expect(allAccounts(map)).toEqual(['13001', '13002', '13003', '13004', '13005', '13009', '13024', '18304', '18317', '18350', '18412'])
  })

  it('lists the TV extracts', () => {
    expect(tvExtracts(map)).toEqual(['IPE_31', 'IPE_07', 'IPE_12', 'IPE_11', 'IPE_34', 'IPE_10', 'IPE_08'])
  })
})

describe('account map validation names the bad field', () => {
  it('a column the extract does not have', () => {
    expect(badConfigDetail(edited((j) => ((j.groups[5]!.tv.columns as string[])[1] = 'PAID_SHIPPING')))).toBe(
      'groups[5].tv.columns[1]: IPE_10 has no column "PAID_SHIPPING"',
    )
  })

  it('a column that is not an amount', () => {
    expect(badConfigDetail(edited((j) => (j.groups[0]!.tv.columns = ['CP'])))).toContain(
      'groups[0].tv.columns[0]: IPE_31 column "CP" is not an amount',
    )
  })

  it('an unknown extract', () => {
    expect(badConfigDetail(edited((j) => (j.groups[0]!.tv.extract = 'IPE_99')))).toBe('groups[0].tv.extract: unknown extract "IPE_99"')
  })

  it('a sign other than 1 or -1', () => {
    expect(badConfigDetail(edited((j) => (j.groups[2]!.sign = 0)))).toBe('groups[2].sign: expected 1 or -1')
  })

  it('an account in two groups, whose balance would count twice', () => {
    expect(badConfigDetail(edited((j) => j.groups[1]!.glAccounts.push('13001')))).toBe(
      'groups[1].glAccounts: account 13001 is already in group "collection-accounts"',
    )
  })

  it('a filter applied to another extract', () => {
    expect(badConfigDetail(edited((j) => (j.groups[0]!.tv.filter = 'non-marketing-active-valid')))).toContain(
      'applies to IPE_08, not IPE_31',
    )
  })

  it('a bridge without a group, or attributed twice', () => {
    expect(badConfigDetail(edited((j) => j.bridges.splice(1, 1)))).toContain(
      'bridge "vtc" must be attributed to exactly one group (found 0)',
    )
    expect(badConfigDetail(edited((j) => j.bridges.push({ bridge: 'vtc', group: 'customer-ar', sign: 1 })))).toContain('(found 2)')
  })

  it('a bridge attributed to a group that does not exist', () => {
    expect(badConfigDetail(edited((j) => (j.bridges[0]!.group = 'vouchers')))).toBe('bridges[0].group: no account group "vouchers"')
  })

  it('a misspelt key', () => {
    expect(badConfigDetail(edited((j) => (j.groups[0]!.glAcounts = [])))).toContain('groups[0].glAcounts: unknown key')
  })
})
