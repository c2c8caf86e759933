import type { DemoContext, EntityContext } from '../context.ts'
import { lcyCents } from '../context.ts'
import { rowKey, Rng } from '../random.ts'
import { money, rowEntities } from './common.ts'

const REFUNDED_NOT_RETURNED = 'Refunded not yet returned'
const RETURNED_NOT_REFUNDED = 'Returned not yet refunded'

/** TV contribution (`AmountToRefund`, cents): refunded-not-returned positive, returned-not-refunded negative. */
export function refundCaseAmount(ec: EntityContext, j: number, rng: Rng): number {
  rng.reset(rowKey(ec.streams.refundLiability, j))
  const refunded = rng.next() < 0.6
  return (refunded ? 1 : -1) * lcyCents(ec, 3 + rng.next() * 120)
}

/** IPE_34: marketplace refund and return timing mismatches at the closing date. */
export function* refundCaseRows(ctx: DemoContext): Generator<unknown[]> {
  const cal = ctx.calendar
  const rng = new Rng()
  for (const ec of rowEntities(ctx)) {
    const country = ec.entity.country
    for (let j = 0; j < ec.counts.refundCases; j++) {
      const amount = refundCaseAmount(ec, j, rng)
      const refunded = amount > 0
      const event = cal.closingDay - rng.int(60)
      const verified = event - 10 - rng.int(20)
      yield [
        ec.entity.code,
        refunded ? 'refund_completed' : 'returned',
        refunded ? REFUNDED_NOT_RETURNED : RETURNED_NOT_REFUNDED,
        1,
        `${country}${230_000_000 + Math.floor(j / 2)}`,
        String(1_000_000 + rng.int(8_000_000)),
        refunded ? null : cal.dateTime(event, rng.int(86_400)),
        rng.next() < 0.1 ? 1 : 0,
        cal.dateTime(verified, rng.int(86_400)),
        refunded ? cal.dateTime(event, rng.int(86_400)) : null,
        rng.next() < 0.2 ? 'refund_no_return' : null,
        rng.next() < 0.85 ? 'B2C' : 'B2B',
        money(amount),
        String(620_000_000 + j),
      ]
    }
  }
}
