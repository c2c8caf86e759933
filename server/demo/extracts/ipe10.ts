import type { DemoContext, EntityContext } from '../context.ts'
import { lcyCents } from '../context.ts'
import { rowKey, Rng } from '../random.ts'
import { money, rowEntities } from './common.ts'

/** The TV amounts of one order item; drawn first from the row's stream so rows and totals agree. */
export type PrepaymentAmounts = { items: number; shipping: number }

export function prepaymentAmounts(ec: EntityContext, j: number, rng: Rng, out: PrepaymentAmounts): number {
  rng.reset(rowKey(ec.streams.prepayment, j))
  out.items = lcyCents(ec, 2 + rng.next() * 198)
  out.shipping = rng.next() < 0.7 ? lcyCents(ec, rng.next() * 4) : 0
  return out.items + out.shipping
}

const METHODS = ['JumiaPay', 'Card', 'Mobile Money', 'Bank Transfer']
const STATUSES = ['exportable', 'shipped', 'ready_to_ship', 'in_transit']

/** IPE_10: prepaid order items neither delivered nor refunded by the closing date. */
export function* prepaymentRows(ctx: DemoContext): Generator<unknown[]> {
  const cal = ctx.calendar
  const rng = new Rng()
  const amounts: PrepaymentAmounts = { items: 0, shipping: 0 }
  for (const ec of rowEntities(ctx)) {
    const country = ec.entity.country
    for (let j = 0; j < ec.counts.prepayments; j++) {
      prepaymentAmounts(ec, j, rng, amounts)
      const created = cal.closingDay - rng.int(45)
      const verified = Math.min(cal.closingDay, created + rng.int(2))
      const marketplace = rng.next() < 0.55 ? 1 : 0
      const deliveredAfter = rng.next() < 0.15 ? cal.nextPeriodStart + rng.int(5) : -1
      const item = 700_000_000 + j
      yield [
        ec.entity.code,
        1,
        String(item),
        `${country}${200_000_000 + Math.floor(j / 2)}`,
        String(1_000_000 + rng.int(8_000_000)),
        deliveredAfter >= 0 ? 'delivered' : rng.pick(STATUSES),
        0,
        marketplace,
        rng.pick(METHODS),
        cal.dateTime(created, rng.int(86_400)),
        cal.dateTime(verified, rng.int(86_400)),
        deliveredAfter >= 0 ? cal.dateTime(deliveredAfter, 50_000) : null,
        deliveredAfter >= 0 ? cal.dateTime(deliveredAfter, 50_000) : null,
        0,
        null,
        null,
        money(amounts.items),
        money(amounts.items + amounts.shipping),
        money(amounts.shipping),
      ]
    }
  }
}
