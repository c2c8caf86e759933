import type { DemoContext, EntityContext } from '../context.ts'
import { lcyCents } from '../context.ts'
import { rowKey, Rng } from '../random.ts'
import { money, rowEntities } from './common.ts'

type RevenueKind = { readonly type: string; readonly asg: string; readonly level2: string; readonly sign: number; readonly upTo: number }

const KINDS: readonly RevenueKind[] = [
  { type: 'Commission', asg: 'Commission', level2: 'Commissions', sign: 1, upTo: 0.55 },
  { type: 'Shipping Fee (Paid by Customer)', asg: 'Shipping fee', level2: 'Logistics revenues', sign: 1, upTo: 0.75 },
  { type: 'Storage Fee', asg: 'Storage fee', level2: 'Fulfilment revenues', sign: 1, upTo: 0.83 },
  { type: 'Sponsored Products Fee', asg: 'Advertising', level2: 'Advertising revenues', sign: 1, upTo: 0.93 },
  { type: 'Commission Credit', asg: 'Commission', level2: 'Commissions', sign: -1, upTo: 1 },
]

function kindOf(u: number): RevenueKind {
  for (const kind of KINDS) if (u < kind.upTo) return kind
  return KINDS[0] as RevenueKind
}

export type RevenueAmount = { amount: number }

/** Kind and TV amount (cents) of one seller transaction: the first draws of its stream. */
function drawRevenue(ec: EntityContext, j: number, rng: Rng, out: RevenueAmount): RevenueKind {
  rng.reset(rowKey(ec.streams.accruedRevenue, j))
  const kind = kindOf(rng.next())
  out.amount = kind.sign * lcyCents(ec, 0.3 + rng.next() * 40)
  return kind
}

export function accruedRevenueAmount(ec: EntityContext, j: number, rng: Rng, out: RevenueAmount): number {
  drawRevenue(ec, j, rng, out)
  return out.amount
}

const SELLERS = ['Tech Hub', 'Fashion Corner', 'Home Essentials', 'Beauty Plus', 'Phone World', 'Kids Land', 'Sport Zone']

/** IPE_11: marketplace revenue transactions of month N not yet on a settled account statement. */
export function* accruedRevenueRows(ctx: DemoContext): Generator<unknown[]> {
  const cal = ctx.calendar
  const rng = new Rng()
  const out: RevenueAmount = { amount: 0 }
  for (const ec of rowEntities(ctx)) {
    const country = ec.entity.country
    for (let j = 0; j < ec.counts.accruedRevenues; j++) {
      const kind = drawRevenue(ec, j, rng, out)
      const amount = out.amount
      const day = cal.periodStart + rng.int(cal.nextPeriodStart - cal.periodStart)
      const vendor = 10_000 + rng.int(3_000)
      const item = 800_000_000 + j
      const statement = rng.next() < 0.6
      yield [
        ec.entity.code,
        cal.dateTime(day, rng.int(86_400)),
        String(900_000_000 + j),
        `TRN-${country}-${900_000_000 + j}`,
        kind.type,
        kind.asg,
        kind.sign > 0 ? 'Invoice' : 'Credit Memo',
        `${kind.asg} ${cal.yearMonth(cal.monthN)}`,
        money(amount),
        0,
        `V${country}${vendor}`,
        String(vendor),
        `${SELLERS[vendor % SELLERS.length]} ${country}`,
        vendor % 11 === 0 ? 1 : 0,
        String(item),
        String(item + 1_000_000),
        String(item + 2_000_000),
        `${country}${210_000_000 + j}`,
        statement ? String(60_000 + (vendor % 500)) : null,
        statement ? `AS-${country}-${60_000 + (vendor % 500)}` : null,
        statement ? cal.dateTime(cal.nextPeriodStart, 0) : null,
        statement ? cal.dateTime(cal.nextPeriodStart + 6, 86_399) : null,
        0,
        null,
        'Revenues',
        kind.level2,
        kind.asg,
        kind.type,
      ]
    }
  }
}
