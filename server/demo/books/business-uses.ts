import { isNonMarketing, voucherTypeOfBusinessUse, type VoucherType } from '../../../shared/recon/vouchers.ts'

/** A BOB `business_use` and how the demo treats vouchers of it. */
export type VoucherUse = {
  readonly businessUse: string
  readonly type: VoucherType | null
  readonly nonMarketing: boolean
  readonly validityMonths: number
  readonly usdMin: number
  readonly usdMax: number
  readonly templateId: string
  readonly templateName: string
  /** Cumulative share among bulk vouchers (last = 1). */
  readonly upTo: number
}

function use(
  businessUse: string,
  validityMonths: number,
  usdMin: number,
  usdMax: number,
  templateId: string,
  templateName: string,
  upTo: number,
): VoucherUse {
  return {
    businessUse,
    type: voucherTypeOfBusinessUse(businessUse),
    nonMarketing: isNonMarketing(businessUse),
    validityMonths,
    usdMin,
    usdMax,
    templateId,
    templateName,
    upTo,
  }
}

/**
 * Refund vouchers stay valid 36 months, longer than any demo voucher has lived, so none expires
 * with a balance: NAV has no expiry text for refunds (methodology §5 rule 4), which would split a bucket.
 */
export const VOUCHER_USES: readonly VoucherUse[] = [
  use('refund', 36, 5, 120, 'TPL-RFN-01', 'Refund store credit', 0.3),
  use('store_credit', 12, 2, 50, 'TPL-SC-01', 'Store credit', 0.58),
  use('apology_v2', 3, 1, 15, 'TPL-APO-02', 'Apology voucher v2', 0.68),
  use('apology', 3, 1, 15, 'TPL-APO-01', 'Apology voucher', 0.71),
  use('jforce', 6, 5, 80, 'TPL-JF-01', 'JForce payout credit', 0.79),
  use('jpay_store_credit', 12, 2, 30, 'TPL-JP-01', 'JPay store credit', 0.84),
  use('Jpay store_credit', 12, 2, 30, 'TPL-JP-02', 'JPay store credit (legacy)', 0.86),
  use('marketing', 2, 1, 10, 'TPL-MKT-01', 'Marketing campaign', 0.94),
  use('crm_campaign', 2, 1, 10, 'TPL-CRM-01', 'CRM campaign', 0.98),
  use('partnership', 2, 1, 10, 'TPL-PRT-01', 'Partner voucher', 1),
]

export function pickUse(u: number): VoucherUse {
  for (const candidate of VOUCHER_USES) if (u < candidate.upTo) return candidate
  return VOUCHER_USES[VOUCHER_USES.length - 1] as VoucherUse
}

export function useOf(businessUse: string): VoucherUse {
  const found = VOUCHER_USES.find((candidate) => candidate.businessUse === businessUse)
  if (!found) throw new Error(`demo: unknown business use ${businessUse}`)
  return found
}
