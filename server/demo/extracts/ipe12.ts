import type { DemoContext, EntityContext } from '../context.ts'
import { lcyCents } from '../context.ts'
import { rowKey, Rng } from '../random.ts'
import { money, rowEntities } from './common.ts'

/** TV contribution (`amount_paid`, cents) of one delivered order item: the first draw of its stream. */
export function packageAmount(ec: EntityContext, j: number, rng: Rng): number {
  rng.reset(rowKey(ec.streams.packages, j))
  return lcyCents(ec, 2 + rng.next() * 150)
}

const METHODS = ['CashOnDelivery', 'CashOnDelivery', 'CashOnDelivery', 'Mobile Money', 'POS on delivery']
const CUSTOMER_TYPES = ['B2C', 'B2C', 'B2C', 'B2B', 'Jumia Prime']

/** IPE_12: delivered packages whose cash is not reconciled by the closing date. */
export function* packageRows(ctx: DemoContext): Generator<unknown[]> {
  const cal = ctx.calendar
  const rng = new Rng()
  for (const ec of rowEntities(ctx)) {
    const country = ec.entity.country
    const partners = ec.entity.collectionPartners
    for (let j = 0; j < ec.counts.packages; j++) {
      const paid = packageAmount(ec, j, rng)
      const shipping = Math.floor(paid * 0.08 * rng.next())
      const delivered = cal.closingDay - rng.int(rng.next() < 0.8 ? 30 : 120)
      const shipped = delivered - 1 - rng.int(4)
      const created = shipped - rng.int(5)
      const packageId = 600_000_000 + j
      const order = `${country}${220_000_000 + j}`
      const partner = partners[j % partners.length] ?? 'Jumia Logistics'
      const expected = paid
      const received = rng.next() < 0.3 ? Math.floor(paid * rng.next()) : 0
      yield [
        ec.entity.code,
        String(packageId),
        rng.pick(METHODS),
        rng.next() < 0.5 ? 1 : 0,
        order,
        `PKG-${country}-${packageId}`,
        null,
        String(1_000_000 + rng.int(8_000_000)),
        order,
        cal.dateTime(created, rng.int(86_400)),
        cal.dateTime(shipped, rng.int(86_400)),
        cal.dateTime(delivered, rng.int(86_400)),
        cal.dateTime(delivered, 72_000),
        0,
        0,
        `TRK${packageId}`,
        'delivered',
        rng.pick(CUSTOMER_TYPES),
        money(expected),
        money(received),
        'delivered',
        cal.dateTime(delivered, 75_600),
        cal.dateTime(delivered, 72_000),
        partner,
        partner,
        'delivered',
        'cash',
        order,
        null,
        money(paid),
        money(paid - shipping),
        money(shipping),
        String(610_000_000 + j),
      ]
    }
  }
}
