import type { Ipe08Row, Ipe08UsageRow } from '../../../shared/extracts/rows.ts'
import { rowOf, type PlainAmounts } from '../../support/plain-amounts.ts'

/** A BOB voucher as the 18412 usage lookup sees it: only its id and business use matter. */
export const lookupVoucher = (o: Partial<PlainAmounts<Ipe08Row>> = {}): Ipe08Row =>
  rowOf<Ipe08Row>({
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

/** A voucher usage row as the lookup sees it: only its id and business use matter. */
export const lookupUsage = (o: Partial<PlainAmounts<Ipe08UsageRow>> = {}): Ipe08UsageRow =>
  rowOf<Ipe08UsageRow>({
    companyCode: 'EC_NG',
    id: 'V001',
    businessUse: 'store_credit',
    deliveryMonth: 202509,
    totalAmountUsed: 5_000,
    ...o,
  })
