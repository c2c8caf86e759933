import type { Ipe07Row, Ipe08Row, JdashRow } from '../../../../shared/extracts/rows.ts'
import { parsePeriod, type Period } from '../../../../shared/period.ts'
import { rowOf, type PlainAmounts } from '../../../support/plain-amounts.ts'

/** Amounts in these factories are cents: the extract reader has parsed the source text already. */
export const COMPANY = 'EC_NG'

export const SEPTEMBER_2025: Period = parsePeriod('2025-09')

/** An in-scope timing voucher and a VTC candidate of September 2025 unless overridden. */
export const voucher = (o: Partial<PlainAmounts<Ipe08Row>> = {}): Ipe08Row =>
  rowOf<Ipe08Row>({
    companyCode: COMPANY,
    id: 'V001',
    businessUse: 'refund',
    isActive: false,
    discountAmount: null,
    toDate: null,
    isValid: 'valid',
    createdAt: '2025-01-15T10:00:00',
    voucherInactiveDate: '2025-09-10T12:00:00',
    remainingAmount: null,
    totalAmountUsed: null,
    minInactiveDate: null,
    ...o,
  })

export const jdash = (o: Partial<PlainAmounts<JdashRow>> = {}): JdashRow =>
  rowOf<JdashRow>({
    companyCode: COMPANY,
    voucherId: 'V001',
    amountUsed: null,
    ...o,
  })

export const entry = (o: Partial<PlainAmounts<Ipe07Row>> = {}): Ipe07Row =>
  rowOf<Ipe07Row>({
    companyCode: COMPANY,
    entryNo: 1,
    customerNo: 'C001',
    customerName: 'Customer 1',
    postingGroup: 'B2C-NG-NAT',
    buslineCode: 'BL01',
    remainingLcy: null,
    ...o,
  })
