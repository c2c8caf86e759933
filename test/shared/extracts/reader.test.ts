import { describe, expect, it } from 'vitest'
import { IPE_12, JDASH, CR_03 } from '../../../shared/extracts/catalog.ts'
import { resolveColumns, typedRowReader } from '../../../shared/extracts/reader.ts'

describe('resolveColumns (methodology §3, §11)', () => {
  it('accepts the documented JDASH aliases', () => {
    const resolution = resolveColumns(JDASH, ['voucher_id', 'Ordered Amount'])
    expect(resolution.missingRequired).toEqual([])
    expect(resolution.indexes.get('Voucher Id')).toBe(0)
    expect(resolution.indexes.get('Amount Used')).toBe(1)
  })

  it('matches column names exactly: IPE_12 Order_nr, ORDER_NR and order_nr are three columns', () => {
    const resolution = resolveColumns(IPE_12, ['ID_COMPANY', 'order_nr', 'amount_paid'])
    expect(resolution.indexes.get('order_nr')).toBe(1)
    expect(resolution.indexes.has('ORDER_NR')).toBe(false)
    expect(resolution.indexes.has('Order_nr')).toBe(false)
  })

  it('names missing required columns and lists those found, ignoring a BOM', () => {
    const resolution = resolveColumns(JDASH, ['\uFEFFVoucher Id', 'Amount'])
    expect(resolution.missingRequired).toEqual(['Amount Used'])
    expect(resolution.found).toEqual(['Voucher Id', 'Amount'])
  })
})

describe('typedRowReader', () => {
  const header = [
    'id_company',
    'Entry No_',
    'Document No_',
    'Voucher No_',
    'Posting Date',
    'Document Type',
    'Chart of Accounts No_',
    'Document Description',
    'Amount',
    'Bal_ Account Type',
    'User ID',
  ]

  it('maps source columns to typed camelCase fields', () => {
    const read = typedRowReader(CR_03, header)
    const row = read(
      ['EC_NG', '7', 'NG-1', 'V1', '2025-09-30', '', '18412', 'RF_1', '-1,234.50', 'Customer', 'JUMIA/NAV31AFR.BATCH.SRVC'],
      1,
    )
    expect(row).toEqual(
      expect.objectContaining({ companyCode: 'EC_NG', entryNo: 7, amount: -123450, account: '18412', documentType: null, comment: null }),
    )
  })

  it('names extract, row and column of a value that does not parse', () => {
    const read = typedRowReader(CR_03, header)
    expect(() => read(['EC_NG', '7', 'NG-1', 'V1', '2025-09-30', '', '18412', 'x', 'twelve', '', ''], 42)).toThrow(
      'CR_03 row 42, column "Amount": not an amount: "twelve"',
    )
  })

  it('refuses a header without the required columns', () => {
    expect(() => typedRowReader(CR_03, ['id_company'])).toThrow(/missing required column\(s\) Entry No_/)
  })
})
