import type { DemoContext, EntityContext } from '../context.ts'
import { PLANTED_VOUCHERS, type PlantedVoucher } from '../plan/discrepancies.ts'
import type { Rng } from '../random.ts'
import type { Voucher } from './voucher.ts'
import { fillBulkVoucher } from './clean-vouchers.ts'
import { fillPlantedVoucher } from './planted-vouchers.ts'

/** Fills `v` with voucher `index` of the entity: bulk vouchers first, then the planted ones. */
export function fillVoucher(ctx: DemoContext, ec: EntityContext, index: number, v: Voucher, rng: Rng): Voucher {
  const plantedIndex = index - ec.counts.vouchers
  if (plantedIndex >= 0) return fillPlantedVoucher(ctx, ec, index, PLANTED_VOUCHERS[plantedIndex] as PlantedVoucher, v)
  return fillBulkVoucher(ctx, ec, index, v, rng)
}
