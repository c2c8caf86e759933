import type { DemoContext, EntityContext } from '../context.ts'
import { customerTotals, type CustomerTotals } from './customer-findings.ts'
import { collectionItemCount, drawCollectionItem, type CollectionDraw } from '../extracts/ipe31.ts'
import { prepaymentAmounts, type PrepaymentAmounts } from '../extracts/ipe10.ts'
import { accruedRevenueAmount, type RevenueAmount } from '../extracts/ipe11.ts'
import { packageAmount } from '../extracts/ipe12.ts'
import { refundCaseAmount } from '../extracts/ipe34.ts'
import type { GroupKey } from '../plan/amounts.ts'
import { Rng } from '../random.ts'
import { voucherTotals, type VoucherTotals } from './voucher-findings.ts'

/** Everything the extracts of one entity add up to, computed once per context (CR_04 and ground truth). */
export type EntityTotals = {
  readonly tv: Readonly<Record<GroupKey, number>>
  readonly vouchers: VoucherTotals
  readonly customers: CustomerTotals
}

export function entityTotals(ctx: DemoContext, ec: EntityContext): EntityTotals {
  const key = `totals:${ec.entity.code}`
  const cached = ctx.memo.get(key) as EntityTotals | undefined
  if (cached) return cached
  const vouchers = voucherTotals(ctx, ec)
  const customers = customerTotals(ctx, ec)
  const totals: EntityTotals = {
    tv: {
      'collection-accounts': collectionTotal(ec),
      'customer-ar': customers.tv,
      'packages-delivered': sum(ec.counts.packages, (j, rng) => packageAmount(ec, j, rng)),
      'marketplace-accrued-revenue': accruedRevenueTotal(ec),
      'marketplace-refund-liability': sum(ec.counts.refundCases, (j, rng) => refundCaseAmount(ec, j, rng)),
      'customer-prepayments': prepaymentTotal(ec),
      'voucher-liability': vouchers.tv,
    },
    vouchers,
    customers,
  }
  ctx.memo.set(key, totals)
  return totals
}

function sum(count: number, amount: (j: number, rng: Rng) => number): number {
  const rng = new Rng()
  let total = 0
  for (let j = 0; j < count; j++) total += amount(j, rng)
  return total
}

function collectionTotal(ec: EntityContext): number {
  const draw: CollectionDraw = { amount: 0, kind: null, planted: null }
  return sum(collectionItemCount(ec), (j, rng) => drawCollectionItem(ec, j, rng, draw).amount)
}

function accruedRevenueTotal(ec: EntityContext): number {
  const out: RevenueAmount = { amount: 0 }
  return sum(ec.counts.accruedRevenues, (j, rng) => accruedRevenueAmount(ec, j, rng, out))
}

function prepaymentTotal(ec: EntityContext): number {
  const out: PrepaymentAmounts = { items: 0, shipping: 0 }
  return sum(ec.counts.prepayments, (j, rng) => prepaymentAmounts(ec, j, rng, out))
}
