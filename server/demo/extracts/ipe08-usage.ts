import type { DemoContext } from '../context.ts'
import { Rng } from '../random.ts'
import { fillVoucher } from '../books/voucher-by-index.ts'
import { createVoucher, voucherCount } from '../books/voucher.ts'
import { money, rowEntities } from './common.ts'

/** IPE_08_USAGE: one row per voucher and delivery month, every business use included. */
export function* voucherUsageRows(ctx: DemoContext): Generator<unknown[]> {
  const cal = ctx.calendar
  const rng = new Rng()
  const v = createVoucher()
  for (const ec of rowEntities(ctx)) {
    const count = voucherCount(ec)
    const company = ec.entity.code
    for (let i = 0; i < count; i++) {
      fillVoucher(ctx, ec, i, v, rng)
      const creationYear = cal.year(v.createdMonth)
      for (let j = 0; j < v.usageCount; j++) {
        const amount = v.usageAmount[j] ?? 0
        const shipping = v.usageShipping[j] ?? 0
        const marketplace = v.usageMarketplace[j] ?? 0
        yield [
          company,
          v.id,
          'reusablecredit',
          v.use.businessUse,
          creationYear,
          cal.yearMonthNumber(v.usageMonth[j] ?? 0),
          money(shipping),
          money(marketplace),
          money(amount - shipping - marketplace),
          money(amount),
        ]
      }
    }
  }
}
