/** Test factories: extract rows as objects keyed by column name, turned into header + records. */
export type NamedRow = Record<string, unknown>

export type TableData = { readonly header: string[]; readonly records: unknown[][] }

export function table(rows: readonly NamedRow[], header: string[] = Object.keys(rows[0] ?? {})): TableData {
  return { header, records: rows.map((row) => header.map((name) => row[name])) }
}

export const cr03 = (overrides: NamedRow = {}): NamedRow => ({
  id_company: 'EC_NG',
  'Entry No_': '1',
  'Document No_': 'NG-001',
  'Voucher No_': 'V-1',
  'Posting Date': '2025-09-30',
  'Document Type': 'Payment',
  'Chart of Accounts No_': '18412',
  'Document Description': 'ITEMPRICECREDIT',
  Amount: '-12.50',
  'Bal_ Account Type': 'Customer',
  'User ID': 'JUMIA/NAV31AFR.BATCH.SRVC',
  ...overrides,
})

export const ipe07 = (overrides: NamedRow = {}): NamedRow => ({
  id_company: 'EC_NG',
  'Entry No_': '1',
  'Customer No_': 'C-1',
  'Customer Posting Group': 'RETAIL',
  'Busline Code': 'RTL',
  rem_amt_LCY: '100.00',
  ...overrides,
})

export const ipe08 = (overrides: NamedRow = {}): NamedRow => ({
  ID_COMPANY: 'EC_NG',
  id: 'V1',
  business_use: 'refund',
  is_active: '0',
  discount_amount: '10.00',
  to_date: '',
  Is_Valid: 'valid',
  created_at: '2025-01-01 10:00:00',
  voucher_inactive_date: '',
  remaining_amount: '10.00',
  TotalAmountUsed: '0',
  min_inactive_date: '',
  ...overrides,
})

/** Rows numbered 1..count with distinct entry numbers. */
export function numbered(
  count: number,
  make: (overrides: NamedRow) => NamedRow,
  each: (index: number) => NamedRow = () => ({}),
): NamedRow[] {
  return Array.from({ length: count }, (_, index) => make({ 'Entry No_': String(index + 1), ...each(index + 1) }))
}
