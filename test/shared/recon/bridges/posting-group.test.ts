import { describe, expect, it } from 'vitest'
import type { Ipe07Row } from '../../../../shared/extracts/rows.ts'
import { postingGroupBridge } from '../../../../shared/recon/bridges/posting-group.ts'
import { COMPANY, entry } from './factories.ts'

const run = (entries: Ipe07Row[]) => postingGroupBridge({ companyCode: COMPANY, entries })
const customers = (result: ReturnType<typeof run>) => result.lines.map((line) => line.businessKey)
const diagnosticOf = (result: ReturnType<typeof run>, label: string) => result.diagnostics.find((d) => d.label.startsWith(label))

describe('customer posting group: customers with more than one distinct non-null group (methodology §6)', () => {
  it('lists a customer with two groups, keyed posting-group|entity|customer no, amount 0', () => {
    const result = run([entry({ postingGroup: 'B2C-NG-NAT' }), entry({ postingGroup: 'B2B-NG-NAT' })])
    expect(result.lines).toEqual([
      expect.objectContaining({ key: 'posting-group|EC_NG|C001', bridge: 'posting-group', businessKey: 'C001', amountLcy: 0 }),
    ])
    expect(result.totalLcy).toBe(0)
  })

  it('leaves out a customer whose entries share one group', () => {
    expect(run([entry({ postingGroup: 'NAT' }), entry({ postingGroup: 'NAT' })]).lines).toEqual([])
  })

  it('ignores null and blank groups', () => {
    expect(run([entry({ postingGroup: 'NAT' }), entry({ postingGroup: null }), entry({ postingGroup: '  ' })]).lines).toEqual([])
  })

  it('compares groups trimmed and case-insensitively, as NAV codes', () => {
    expect(run([entry({ postingGroup: 'NAT' }), entry({ postingGroup: ' nat ' })]).lines).toEqual([])
  })

  it('lists identification lines even at amount 0: they are never only counted', () => {
    const result = run([entry({ postingGroup: 'A', remainingLcy: 0 }), entry({ postingGroup: 'B', remainingLcy: 0 })])
    expect(result.lines).toHaveLength(1)
    expect(result.zeroLineCount).toBe(0)
  })

  it("shows the open balance of all the customer's entries, with or without group (methodology §11)", () => {
    const result = run([
      entry({ postingGroup: 'A', remainingLcy: 10000 }),
      entry({ postingGroup: 'B', remainingLcy: -2550 }),
      entry({ postingGroup: null, remainingLcy: 500 }),
      entry({ postingGroup: 'B', remainingLcy: null }),
      entry({ customerNo: 'C002', postingGroup: 'A', remainingLcy: 99999 }),
    ])
    expect(result.lines[0]?.detail.openBalance).toBe('79.50')
  })

  it('shows the sorted groups joined with ", ", the name and the count in detail and sentence', () => {
    const result = run([
      entry({ postingGroup: 'WHOLESALE', remainingLcy: 123456 }),
      entry({ postingGroup: 'RETAIL' }),
      entry({ postingGroup: 'EXPORT' }),
    ])
    expect(result.lines[0]?.detail).toEqual({
      customerNo: 'C001',
      customerName: 'Customer 1',
      openBalance: '1234.56',
      postingGroups: 'EXPORT, RETAIL, WHOLESALE',
      postingGroupCount: 3,
    })
    expect(result.lines[0]?.description).toBe(
      'Customer C001 (Customer 1) has open entries under 3 posting groups (EXPORT, RETAIL, WHOLESALE); open balance 1,234.56 to be reviewed and moved to one group.',
    )
  })

  it('takes the first non-blank customer name', () => {
    const result = run([
      entry({ customerName: null, postingGroup: 'A' }),
      entry({ customerName: ' ', postingGroup: 'B' }),
      entry({ customerName: 'Ada ', postingGroup: 'B' }),
    ])
    expect(result.lines[0]?.detail.customerName).toBe('Ada')
  })

  it('names the customer by number alone when no name is known', () => {
    const result = run([entry({ customerName: null, postingGroup: 'A' }), entry({ customerName: null, postingGroup: 'B' })])
    expect(result.lines[0]?.description).toMatch(/^Customer C001 has open entries/)
  })

  it('groups entries by trimmed customer no', () => {
    expect(customers(run([entry({ customerNo: 'C001', postingGroup: 'A' }), entry({ customerNo: ' C001 ', postingGroup: 'B' })]))).toEqual([
      'C001',
    ])
  })

  it('ignores entries without customer no and reports them', () => {
    const result = run([
      entry({ customerNo: null, postingGroup: 'A', remainingLcy: 100 }),
      entry({ customerNo: '', postingGroup: 'B', remainingLcy: 200 }),
    ])
    expect(result.lines).toEqual([])
    expect(diagnosticOf(result, 'entries without customer no')).toMatchObject({ count: 2, amountLcy: 300 })
  })

  it('sorts lines by customer no', () => {
    const rows = ['C10', 'C2', 'A1'].flatMap((customerNo) => [
      entry({ customerNo, postingGroup: 'A' }),
      entry({ customerNo, postingGroup: 'B' }),
    ])
    expect(customers(run(rows))).toEqual(['A1', 'C10', 'C2'])
  })

  it('reports customers and those with more than one group, with their open balances', () => {
    const result = run([
      entry({ postingGroup: 'A', remainingLcy: 100 }),
      entry({ postingGroup: 'B', remainingLcy: 50 }),
      entry({ customerNo: 'C002', remainingLcy: 7 }),
    ])
    expect(diagnosticOf(result, 'customers with open entries')).toMatchObject({ count: 2, amountLcy: 157 })
    expect(diagnosticOf(result, 'customers with more than one posting group')).toMatchObject({ count: 1, amountLcy: 150 })
  })
})

/**
 * Worked cases AC-33 and AC-34 (the older tool's worked examples). Adjusted to the typed rows: the
 * old tool read "NA" as missing (pandas); our reader keeps text, so AC-34's missing group is null.
 */
describe('customer posting group: worked cases of the reference study', () => {
  it('AC-33: only C001 {RETAIL, WHOLESALE} is listed, amount 0.00', () => {
    const result = run([
      entry({ customerNo: 'C001', customerName: 'Customer 1', postingGroup: 'RETAIL' }),
      entry({ customerNo: 'C001', customerName: 'Customer 1', postingGroup: 'WHOLESALE' }),
      entry({ customerNo: 'C002', customerName: 'Customer 2', postingGroup: 'CORPORATE' }),
      entry({ customerNo: 'C002', customerName: 'Customer 2', postingGroup: 'CORPORATE' }),
      entry({ customerNo: 'C003', customerName: 'Customer 3', postingGroup: 'VIP' }),
    ])
    expect(result.totalLcy).toBe(0)
    expect(result.lines.map((line) => [line.businessKey, line.detail.customerName, line.detail.postingGroups, line.amountLcy])).toEqual([
      ['C001', 'Customer 1', 'RETAIL, WHOLESALE', 0],
    ])
  })

  it('AC-34: null groups are ignored, so nothing is listed', () => {
    const result = run([
      entry({ customerNo: 'C001', postingGroup: 'RETAIL' }),
      entry({ customerNo: 'C001', postingGroup: null }),
      entry({ customerNo: 'C002', postingGroup: 'WHOLESALE' }),
      entry({ customerNo: 'C002', postingGroup: null }),
    ])
    expect(result.lines).toEqual([])
  })
})
