import type { Ipe08Row } from '../../../shared/extracts/rows.ts'

/** A BOB voucher as the 18412 usage lookup sees it: only its id and business use matter. */
export const lookupVoucher = (o: Partial<Ipe08Row> = {}): Ipe08Row => ({
  companyCode: 'EC_NG',
  id: 'V001',
  businessUse: 'refund',
  isActive: true,
  discountAmount: null,
  toDate: null,
  isValid: 'valid',
  createdAt: null,
  voucherInactiveDate: null,
  remainingAmount: null,
  totalAmountUsed: null,
  minInactiveDate: null,
  ...o,
})
