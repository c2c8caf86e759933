import type { DemoContext } from '../context.ts'
import { Rng } from '../random.ts'
import { fillVoucher } from '../books/voucher-by-index.ts'
import { createVoucher, STRAY_JDASH_ID_OFFSET, voucherCount } from '../books/voucher.ts'
import { createJdashRows, jdashRowsOf } from '../books/voucher-jdash-rows.ts'
import { lcyUnits } from '../context.ts'
import { STRAY_JDASH_USD } from '../plan/discrepancies.ts'
import { money, rowEntities } from './common.ts'

/**
 * JDASH: Ops' usage export, one row per order, with the company in `ID_COMPANY`. Clean vouchers
 * in timing scope mirror their BOB usage exactly; vouchers outside the scope are absent.
 */
export function* jdashRows(ctx: DemoContext): Generator<unknown[]> {
  const cal = ctx.calendar
  const rng = new Rng()
  const v = createVoucher()
  const rows = createJdashRows()
  for (const ec of rowEntities(ctx)) {
    const company = ec.entity.code
    const count = voucherCount(ec)
    for (let i = 0; i < count; i++) {
      fillVoucher(ctx, ec, i, v, rng)
      jdashRowsOf(cal, v, rows)
      const id = v.id + v.jdashIdSuffix
      const customer = String(v.customer)
      for (let r = 0; r < rows.count; r++) {
        const delivered = (rows.usage[r] ?? -1) >= 0
        yield [
          company,
          id,
          money(rows.amount[r] ?? 0),
          cal.dateTime(rows.day[r] ?? 0, rows.second[r] ?? 0),
          `${ec.entity.country}${v.index * 16 + r + 300_000_000}`,
          customer,
          delivered ? 'delivered' : 'shipped',
        ]
      }
    }
    if (ec.planted) {
      const stray = String(ec.entity.voucherIdBase + STRAY_JDASH_ID_OFFSET)
      yield [
        company,
        stray,
        money(lcyUnits(ec, STRAY_JDASH_USD)),
        cal.dateTime(cal.closingDay - 5, 40_000),
        `${ec.entity.country}399999999`,
        '9999999',
        'delivered',
      ]
    }
  }
}
