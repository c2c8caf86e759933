import { describe, expect, it } from 'vitest'
import { compareText, diagnostic, emptyTally, lineKey, tallyAdd } from '../../../../shared/recon/bridges/draft.ts'
import { cents } from '../../../../shared/money.ts'

describe('bridge drafts', () => {
  it('keys a line <bridge>|<entity>|<business key> (methodology §11)', () => {
    expect(lineKey('business-line', 'EC_NG', 'C001|BL02')).toBe('business-line|EC_NG|C001|BL02')
  })

  it('orders text by code unit, the same on every machine and locale', () => {
    expect(['b', 'B', 'a', 'é', '10', '9'].sort(compareText)).toEqual(['10', '9', 'B', 'a', 'b', 'é'])
  })

  it('counts an item with a null amount without adding to the sum', () => {
    const tally = emptyTally()
    tallyAdd(tally, cents(250))
    tallyAdd(tally, null)
    expect(diagnostic('vouchers', tally)).toEqual({ label: 'vouchers', count: 2, amountLcy: 250 })
  })
})
