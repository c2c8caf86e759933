import type { DemoContext, EntityContext } from '../context.ts'
import type { Voucher } from '../books/voucher.ts'
import { NAV } from '../books/voucher-nav-entries.ts'
import { padded } from './common.ts'
import { integrationUser, type NavDraft } from './nav-row.ts'

/**
 * Writes the document number, text, user and balancing account of a voucher's 18412 entry so
 * that exactly the intended categorization rule of methodology §5 fires (first match wins):
 * integration issuance carries RF_/REFUND, COMMERCIAL GESTURE or PYT_; manual issuance a document
 * number starting with the country code; expiry EXPR_*; VTC a bank account, MANUAL RND or PYT_
 * with a GTB comment; cancellations VOUCHER ACCRUAL (integration) or a credit memo.
 */
export function describeVoucherEntry(ctx: DemoContext, ec: EntityContext, v: Voucher, kind: number, usage: number, d: NavDraft): void {
  const manager = ec.entity.managers[v.index % ec.entity.managers.length] ?? 'JUMIA\\A.MANAGER'
  const order = orderNo(ec, v, usage)
  d.busline = v.use.type === 'JForce' ? 'JFORCE' : 'RETAIL'
  switch (kind) {
    case NAV.issueIntegration:
      d.user = integrationUser(v.index)
      d.sourceCode = 'BOBINT'
      d.documentNo = `SCV-${v.id}`
      d.description = issuanceText(ctx, v, order)
      return
    case NAV.issueManual:
      d.user = manager
      d.documentNo = `${ec.entity.country}-${v.use.businessUse === 'store_credit' ? 'SC' : 'JP'}-${padded(v.index, 7)}`
      d.description =
        v.use.businessUse === 'store_credit' ? `Store credit issued to customer ${v.customer}` : `Jumia JP app_store credit ${v.id}`
      d.balAccountType = 'Customer'
      d.balAccountNo = String(v.customer)
      return
    case NAV.usageIntegration:
    case NAV.usageMisbooked:
      d.user = integrationUser(v.index + usage)
      d.sourceCode = 'BOBINT'
      d.documentType = 'Invoice'
      d.documentNo = `SI-${order}`
      d.description = USAGE_TEXTS[(v.index + usage + 3) % USAGE_TEXTS.length] + order
      d.balAccountType = 'Customer'
      d.balAccountNo = String(v.customer)
      return
    case NAV.usageManual:
      d.user = manager
      d.documentNo = `ADJ-${order}`
      d.description = `ITEMPRICECREDIT adjustment ${order}`
      return
    case NAV.expired:
      d.user = manager
      d.documentNo = `EXP-${ctx.calendar.date(d.day).slice(0, 7)}-${padded(v.index % 1000, 3)}`
      d.description = `${expiryCode(v)} ${ctx.calendar.date(d.day).slice(0, 7)} voucher ${v.id}`
      return
    case NAV.vtcBank:
    case NAV.vtcBankPaddedId:
      d.user = manager
      d.documentType = 'Payment'
      d.documentNo = `PV-${v.id}`
      d.description = `Customer refund payment voucher ${v.id}`
      d.balAccountType = 'Bank Account'
      d.balAccountNo = `BNK-${ec.entity.country}-01`
      d.balAccountName = `${ec.entity.name} operating account`
      if (kind === NAV.vtcBankPaddedId) d.voucherNo = ` ${v.id} `
      return
    case NAV.vtcManualRnd:
      d.user = manager
      d.documentNo = `RND-${v.id}`
      d.description = `MANUAL RND voucher to cash ${v.id}`
      return
    case NAV.vtcPytGtb:
      d.user = manager
      d.documentNo = `PYT-${v.id}`
      d.description = `PYT_${padded(v.index % 100_000, 5)} voucher cash out`
      d.comment = `GTB transfer ${v.id}`
      return
    case NAV.cancelAccrual:
      d.user = integrationUser(v.index)
      d.sourceCode = 'BOBINT'
      d.documentNo = `ACR-${v.id}`
      d.description = `VOUCHER ACCRUAL reversal ${v.id}`
      return
    case NAV.cancelCreditMemo:
      d.user = manager
      d.documentType = 'Credit Memo'
      d.documentNo = `CM-${v.id}`
      d.description = `Store credit cancellation ${v.id}`
      d.balAccountType = 'Customer'
      d.balAccountNo = String(v.customer)
      return
  }
}

const USAGE_TEXTS = ['Item Price Credit ', 'Item Shipping Fee ', 'Voucher Application To Order ']

function orderNo(ec: EntityContext, v: Voucher, usage: number): string {
  return `${ec.entity.country}${300_000_000 + v.index * 4 + Math.max(0, usage)}`
}

function issuanceText(ctx: DemoContext, v: Voucher, order: string): string {
  switch (v.use.type) {
    case 'Refund': {
      if (v.index % 2 === 0) return `Refund voucher issued for order ${order}`
      const date = ctx.calendar.date(v.createdDay)
      return `RF_${order}_${date.slice(5, 7)}${date.slice(2, 4)}`
    }
    case 'Apology':
      return `COMMERCIAL GESTURE voucher ${v.id}`
    default:
      return `PYT_PF JForce payout voucher ${v.id}`
  }
}

function expiryCode(v: Voucher): string {
  if (v.use.type === 'Apology') return 'EXPR_APLGY'
  if (v.use.type === 'JForce') return 'EXPR_JFORCE'
  return v.index % 2 === 0 ? 'EXPR_STR CRDT' : 'EXPR_STR_CRDT'
}
