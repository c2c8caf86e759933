import { dataQualityError } from '../../errors.ts'
import type { Ipe08Row } from '../../extracts/rows.ts'
import { normalizeVoucherId } from '../vouchers.ts'

/** Bridge vouchers by normalized id (methodology §6), plus those whose id is blank and so never match. */
export type VoucherIndex = { byId: Map<string, Ipe08Row>; withoutId: Ipe08Row[] }

/**
 * One voucher per normalized id, because the id is the line's business key and reviews attach to
 * it. Two vouchers of one entity that normalize alike ("12345" and "12345.0") are the IPE_08 key
 * duplicate methodology §3 rejects, only visible after normalisation: the run fails rather than guess.
 */
export function indexVouchers(companyCode: string, vouchers: Iterable<Ipe08Row>): VoucherIndex {
  const byId = new Map<string, Ipe08Row>()
  const withoutId: Ipe08Row[] = []
  for (const voucher of vouchers) {
    const id = normalizeVoucherId(voucher.id)
    if (id === null) {
      withoutId.push(voucher)
      continue
    }
    const earlier = byId.get(id)
    if (earlier) {
      throw dataQualityError(
        `IPE_08: vouchers "${earlier.id ?? ''}" and "${voucher.id ?? ''}" of ${companyCode} have the same id ${id} after normalisation`,
      )
    }
    byId.set(id, voucher)
  }
  return { byId, withoutId }
}
