import { accountInfo } from '../master/accounts.ts'
import { ACCOUNT_SHARES, groupBalances, splitCents } from '../truth/nav-balances.ts'
import type { DemoContext, EntityContext } from '../context.ts'
import { lcyCents } from '../context.ts'
import { Rng, rowKey } from '../random.ts'
import { money, rowEntities } from './common.ts'

/** Currency × business-line split of one account's balance, as the view reports it. */
const SPLITS: readonly { readonly currency: 'LCY' | 'USD'; readonly busline: string }[] = [
  { currency: 'LCY', busline: 'RETAIL' },
  { currency: 'LCY', busline: 'MARKETPLACE' },
  { currency: 'USD', busline: 'RETAIL' },
]
const SPLIT_SHARES = [0.6, 0.3]
/** Accounts outside the account map: the run must leave them out of every group. */
const OTHER_ACCOUNTS = ['18397', '18650']

/**
 * CR_04 at the closing date: per company and account, a few currency/business-line rows whose
 * sum per group is the balance of `groupBalances`. `FX_RATE` is deliberately not the CR_05 rate
 * (a run must never use it, methodology §11).
 */
export function* balanceRows(ctx: DemoContext): Generator<unknown[]> {
  const rng = new Rng()
  for (const ec of rowEntities(ctx)) {
    const balances = groupBalances(ctx, ec)
    rng.reset(rowKey(ec.streams.balances, 0))
    for (const { group, actuals } of balances) {
      const noise = ec.planted ? 0 : group.sign * lcyCents(ec, 5_000 + rng.next() * 50_000)
      const parts = splitCents(actuals + noise, ACCOUNT_SHARES[group.key] ?? [])
      for (let a = 0; a < group.accounts.length; a++) yield* accountRows(ctx, ec, group.accounts[a] ?? '', parts[a] ?? 0)
    }
    for (const account of OTHER_ACCOUNTS) yield* accountRows(ctx, ec, account, -lcyCents(ec, 1_000 + rng.next() * 9_000))
  }
}

function* accountRows(ctx: DemoContext, ec: EntityContext, account: string, balance: number): Generator<unknown[]> {
  const cal = ctx.calendar
  const info = accountInfo(account)
  const parts = splitCents(balance, SPLIT_SHARES)
  for (let s = 0; s < SPLITS.length; s++) {
    const split = SPLITS[s]
    if (!split) continue
    const currency = split.currency === 'LCY' ? ec.entity.currency : 'USD'
    yield [
      ec.entity.code,
      ec.entity.name,
      ec.entity.country,
      ec.entity.countryName,
      cal.date(cal.closingDay),
      cal.dateTime(cal.nextPeriodStart + 2, 21_600),
      account,
      info.name,
      `${account}${s + 1}0`,
      currency,
      Math.round(ec.rate * 1.07 * 10_000) / 10_000,
      money(parts[s] ?? 0),
      split.busline,
      ec.entity.country,
      ec.entity.countryName,
      null,
      null,
      0,
      0,
      account,
      info.name,
      info.level1,
      info.level2,
      info.level3,
      0,
    ]
  }
}
