import { describe, expect, it } from 'vitest'
import { createVoucherLookup } from '../../../shared/recon/voucher-lookup.ts'
import { lookupUsage, lookupVoucher } from './factories.ts'

describe('voucher lookup (methodology §5 "looked-up type", §11 "voucher ids")', () => {
  it('finds the voucher in IPE_08 id and returns its business_use', () => {
    const lookup = createVoucherLookup([lookupVoucher({ id: 'V001', businessUse: 'apology_v2' })], [])
    expect(lookup.lookup('EC_NG', 'V001')).toEqual({ found: true, businessUse: 'apology_v2', source: 'IPE_08' })
  })

  it('falls back to IPE_08_USAGE id when IPE_08 does not have the voucher', () => {
    const lookup = createVoucherLookup([lookupVoucher({ id: 'V002' })], [lookupUsage({ id: 'V001', businessUse: 'jforce' })])
    expect(lookup.lookup('EC_NG', 'V001')).toEqual({ found: true, businessUse: 'jforce', source: 'IPE_08_USAGE' })
  })

  it('prefers IPE_08 over IPE_08_USAGE for the same voucher', () => {
    const lookup = createVoucherLookup([lookupVoucher({ businessUse: 'refund' })], [lookupUsage({ businessUse: 'store_credit' })])
    expect(lookup.lookup('EC_NG', 'V001')).toMatchObject({ businessUse: 'refund', source: 'IPE_08' })
  })

  it('compares voucher ids after normalisation: trimmed, upper-cased, trailing .0 of a numeric id removed', () => {
    const lookup = createVoucherLookup([lookupVoucher({ id: ' 12345 ' }), lookupVoucher({ id: 'abc-77' })], [])
    expect(lookup.lookup('EC_NG', '12345.0')).toMatchObject({ found: true })
    expect(lookup.lookup('EC_NG', ' ABC-77 ')).toMatchObject({ found: true })
  })

  it('stays within the entity: a voucher of another company is not found', () => {
    const lookup = createVoucherLookup([lookupVoucher({ companyCode: 'EC_KE' })], [lookupUsage({ companyCode: 'EC_KE' })])
    expect(lookup.lookup('EC_NG', 'V001')).toEqual({ found: false })
    expect(lookup.lookup('EC_KE', 'V001')).toMatchObject({ found: true })
  })

  it('never matches a blank voucher no, even against a blank id', () => {
    const lookup = createVoucherLookup([lookupVoucher({ id: '' }), lookupVoucher({ id: null })], [lookupUsage({ id: '  ' })])
    for (const blank of [null, '', '   ']) expect(lookup.lookup('EC_NG', blank)).toEqual({ found: false })
  })

  it('keeps a found voucher whose business_use is null (reported later as unmapped)', () => {
    const lookup = createVoucherLookup([lookupVoucher({ businessUse: null })], [])
    expect(lookup.lookup('EC_NG', 'V001')).toEqual({ found: true, businessUse: null, source: 'IPE_08' })
  })
})
