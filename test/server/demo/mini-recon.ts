import type { Cr03Row, Ipe08Row } from '../../../shared/extracts/rows.ts'
import { inRange, type Period } from '../../../shared/period.ts'
import { isNonMarketing, normalizeVoucherId, textEquals, voucherTypeOfBusinessUse } from '../../../shared/recon/vouchers.ts'
import type { DemoExtracts } from './demo-extracts.ts'

/**
 * An independent, deliberately plain reading of methodology §4–§7 for one entity, used to check that the
 * demo data makes a run find exactly what the ground truth says. Not the product's code.
 */
export type MiniResult = {
  uncategorized: Map<number, number>
  notFound: number
  unmapped: number
  rollForward: Map<string, { nav: number; bob: number }>
  timingLines: Map<string, number>
  timingInScope: number
  notInScope: { count: number; amount: number }
  vtcLines: Map<string, number>
  postingGroups: Map<string, { balance: number; groups: string }>
  businessLines: Map<string, number>
  groups: Map<string, { tv: number; actuals: number; variance: number; explained: number; unexplained: number }>
  classification: Map<string, string>
  unclassified: number
  /** 18412 rows per categorization rule number and user kind (`3:integration`). */
  rules: Map<string, number>
}

const GROUPS = [
  { key: 'collection-accounts', accounts: ['13001', '13002'], sign: 1 },
  { key: 'customer-ar', accounts: ['13003', '13004', '13009'], sign: 1 },
  { key: 'packages-delivered', accounts: ['13005', '13024'], sign: 1 },
  { key: 'marketplace-accrued-revenue', accounts: ['18304'], sign: -1 },
  { key: 'marketplace-refund-liability', accounts: ['18317'], sign: -1 },
  { key: 'customer-prepayments', accounts: ['18350'], sign: -1 },
  { key: 'voucher-liability', accounts: ['18412'], sign: -1 },
]

type Categorized = { category: string; type: string | null; rule: number }

export function miniRecon(data: DemoExtracts, period: Period, company: string): MiniResult {
  const mine = <T extends { companyCode: string | null }>(rows: T[]) => rows.filter((row) => row.companyCode === company)
  const countries = new Set(data.ENTITIES.filter((e) => e.inConsoScope).map((e) => (e.countryCode ?? '').toUpperCase()))
  const ipe08 = mine(data.IPE_08)
  const usage = mine(data.IPE_08_USAGE)
  const uses = new Map<string, string | null>()
  for (const row of usage) {
    const id = normalizeVoucherId(row.id)
    if (id) uses.set(id, row.businessUse)
  }
  for (const row of ipe08) {
    const id = normalizeVoucherId(row.id)
    if (id) uses.set(id, row.businessUse)
  }
  const result: MiniResult = {
    uncategorized: new Map(),
    notFound: 0,
    unmapped: 0,
    rollForward: new Map(),
    timingLines: new Map(),
    timingInScope: 0,
    notInScope: { count: 0, amount: 0 },
    vtcLines: new Map(),
    postingGroups: new Map(),
    businessLines: new Map(),
    groups: new Map(),
    classification: new Map(),
    unclassified: 0,
    rules: new Map(),
  }
  const closed = new Set<string>()
  const bump = (category: string, type: string | null, side: 'nav' | 'bob', amount: number) => {
    const key = `${category}|${type ?? '(none)'}`
    const cell = result.rollForward.get(key) ?? { nav: 0, bob: 0 }
    cell[side] += amount
    result.rollForward.set(key, cell)
  }
  for (const row of mine(data.CR_03)) {
    if (row.account !== '18412') continue
    const found = categorize(row, countries, uses, result)
    if (!found) {
      result.uncategorized.set(row.entryNo ?? -1, row.amount ?? 0)
      continue
    }
    const ruleKey = `${found.rule}:${isIntegrationUser(row.userId) ? 'integration' : 'manual'}`
    result.rules.set(ruleKey, (result.rules.get(ruleKey) ?? 0) + 1)
    if (found.category === 'Cancellation' || found.category === 'VTC') closed.add(normalizeVoucherId(row.voucherNo) ?? '')
    bump(found.category, found.type, 'nav', found.category === 'Issuance' ? -(row.amount ?? 0) : (row.amount ?? 0))
  }
  bobRollForward(ipe08, usage, period, bump)
  timing(ipe08, mine(data.JDASH), period, result)
  vtc(ipe08, closed, period, result)
  customers(mine(data.IPE_07), result)
  tieOut(data, mine, result)
  classify(mine(data.IPE_31), result)
  return result
}

function categorize(row: Cr03Row, countries: Set<string>, uses: Map<string, string | null>, result: MiniResult): Categorized | null {
  const amount = row.amount
  if (amount === null || amount === 0) return null
  const integration = isIntegrationUser(row.userId)
  const text = (row.description ?? '').trim().toUpperCase()
  const has = (needle: string) => text.includes(needle)
  if (!integration && amount > 0 && textEquals(row.balAccountType, 'Bank Account')) return { category: 'VTC', type: 'Refund', rule: 1 }
  if (amount < 0) return { category: 'Issuance', type: issuanceType(row, integration, has, countries), rule: 2 }
  if (integration)
    return has('VOUCHER ACCRUAL')
      ? { category: 'Cancellation', type: 'Apology', rule: 3 }
      : { category: 'Usage', type: lookUp(row, uses, result), rule: 3 }
  if (has('EXPR')) {
    const type = has('EXPR_APLGY')
      ? 'Apology'
      : has('EXPR_JFORCE')
        ? 'JForce'
        : has('EXPR_STR CRDT') || has('EXPR_STR_CRDT')
          ? 'Store Credit'
          : null
    return { category: 'Expired', type, rule: 4 }
  }
  if (has('MANUAL RND') || (has('PYT_') && (row.comment ?? '').toUpperCase().includes('GTB')))
    return { category: 'VTC', type: 'Refund', rule: 5 }
  if (textEquals(row.documentType, 'Credit Memo')) return { category: 'Cancellation', type: 'Store Credit', rule: 6 }
  if (has('ITEMPRICECREDIT')) return { category: 'Usage', type: lookUp(row, uses, result), rule: 7 }
  return null
}

function isIntegrationUser(user: string | null): boolean {
  return (user ?? '').trim().toUpperCase().replace(/\\/g, '/') === 'JUMIA/NAV31AFR.BATCH.SRVC'
}

function issuanceType(row: Cr03Row, integration: boolean, has: (needle: string) => boolean, countries: Set<string>): string | null {
  if (integration) {
    if (has('REFUND') || has('RF_') || has('RF ')) return 'Refund'
    if (has('COMMERCIAL GESTURE')) return 'Apology'
    return has('PYT_') ? 'JForce' : null
  }
  const doc = (row.documentNo ?? '').trim().toUpperCase()
  if (countries.has(doc.slice(0, 2)) && doc.length > 2 && !/[A-Z]/.test(doc.charAt(2))) return 'Store Credit'
  if (has('REFUND') || has('RFN') || has('RF_') || has('RF ')) return 'Refund'
  if (has('COMMERCIAL') || has('CXP') || has('APOLOGY')) return 'Apology'
  return has('PYT_') ? 'JForce' : null
}

function lookUp(row: Cr03Row, uses: Map<string, string | null>, result: MiniResult): string | null {
  const id = normalizeVoucherId(row.voucherNo)
  if (id === null || !uses.has(id)) {
    result.notFound++
    return null
  }
  const type = voucherTypeOfBusinessUse(uses.get(id) ?? null)
  if (type === null) result.unmapped++
  return type
}

function bobRollForward(
  ipe08: Ipe08Row[],
  usage: DemoExtracts['IPE_08_USAGE'],
  period: Period,
  bump: (c: string, t: string | null, s: 'nav' | 'bob', a: number) => void,
): void {
  const { yearStart, nextPeriodStart } = period
  for (const v of ipe08) {
    if (!isNonMarketing(v.businessUse)) continue
    const type = voucherTypeOfBusinessUse(v.businessUse)
    if (inRange(v.createdAt, yearStart, nextPeriodStart)) bump('Issuance', type, 'bob', v.discountAmount ?? 0)
    const inactiveAt = v.voucherInactiveDate ?? v.minInactiveDate
    if (v.isActive === false && inRange(inactiveAt, yearStart, nextPeriodStart))
      bump(textEquals(v.businessUse, 'refund') ? 'VTC' : 'Cancellation', type, 'bob', v.remainingAmount ?? 0)
    else if (inRange(v.toDate, yearStart, nextPeriodStart)) bump('Expired', type, 'bob', v.remainingAmount ?? 0)
  }
  const first = period.year * 100 + 1
  const last = period.year * 100 + period.month
  for (const u of usage) {
    if (!isNonMarketing(u.businessUse) || (u.deliveryMonth ?? 0) < first || (u.deliveryMonth ?? 0) > last) continue
    bump('Usage', voucherTypeOfBusinessUse(u.businessUse), 'bob', u.totalAmountUsed ?? 0)
  }
}

function timing(ipe08: Ipe08Row[], jdash: DemoExtracts['JDASH'], period: Period, result: MiniResult): void {
  const used = new Map<string, number>()
  for (const v of ipe08) {
    if (!isNonMarketing(v.businessUse) || v.isActive !== false || !inRange(v.createdAt, period.timingWindowStart, period.nextPeriodStart))
      continue
    used.set(normalizeVoucherId(v.id) ?? '', v.totalAmountUsed ?? 0)
  }
  const ops = new Map<string, number>()
  for (const row of jdash) {
    const id = normalizeVoucherId(row.voucherId)
    if (id) ops.set(id, (ops.get(id) ?? 0) + (row.amountUsed ?? 0))
  }
  result.timingInScope = used.size
  for (const [id, amount] of used) if ((ops.get(id) ?? 0) !== amount) result.timingLines.set(id, (ops.get(id) ?? 0) - amount)
  for (const [id, amount] of ops)
    if (!used.has(id)) {
      result.notInScope.count++
      result.notInScope.amount += amount
    }
}

function vtc(ipe08: Ipe08Row[], closed: Set<string>, period: Period, result: MiniResult): void {
  for (const v of ipe08) {
    const inactiveAt = v.voucherInactiveDate ?? v.minInactiveDate
    if (!textEquals(v.businessUse, 'refund') || !textEquals(v.isValid, 'valid') || v.isActive !== false) continue
    if (!inRange(inactiveAt, period.periodStart, period.nextPeriodStart)) continue
    const id = normalizeVoucherId(v.id) ?? ''
    if (!closed.has(id)) result.vtcLines.set(id, v.remainingAmount ?? 0)
  }
}

function customers(rows: DemoExtracts['IPE_07'], result: MiniResult): void {
  const byCustomer = new Map<string, { groups: Set<string>; balance: number; lines: Map<string, number> }>()
  for (const row of rows) {
    const key = row.customerNo ?? ''
    const c = byCustomer.get(key) ?? { groups: new Set<string>(), balance: 0, lines: new Map<string, number>() }
    if (row.postingGroup !== null) c.groups.add(row.postingGroup)
    c.balance += row.remainingLcy ?? 0
    c.lines.set(row.buslineCode ?? '', (c.lines.get(row.buslineCode ?? '') ?? 0) + (row.remainingLcy ?? 0))
    byCustomer.set(key, c)
  }
  for (const [customer, c] of byCustomer) {
    if (c.groups.size > 1) result.postingGroups.set(customer, { balance: c.balance, groups: [...c.groups].sort().join(', ') })
    const lines = [...c.lines].filter(([, balance]) => Math.abs(balance) >= 1)
    if (lines.length < 2) continue
    lines.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    const primary = lines[0]?.[0]
    for (const [line, balance] of lines) result.businessLines.set(`${customer}|${line}`, line === primary ? 0 : balance)
  }
}

function tieOut(data: DemoExtracts, mine: <T extends { companyCode: string | null }>(rows: T[]) => T[], result: MiniResult): void {
  const sum = <T>(rows: T[], amount: (row: T) => number | null) => rows.reduce((total, row) => total + (amount(row) ?? 0), 0)
  const tv: Record<string, number> = {
    'collection-accounts': sum(mine(data.IPE_31), (r) => r.amount),
    'customer-ar': sum(mine(data.IPE_07), (r) => r.remainingLcy),
    'packages-delivered': sum(mine(data.IPE_12), (r) => r.amountPaid),
    'marketplace-accrued-revenue': sum(mine(data.IPE_11), (r) => r.amount),
    'marketplace-refund-liability': sum(mine(data.IPE_34), (r) => r.amountToRefund),
    'customer-prepayments': sum(mine(data.IPE_10), (r) => (r.paidForItems ?? 0) + (r.paidForShipping ?? 0)),
    'voucher-liability': sum(
      mine(data.IPE_08).filter((v) => isNonMarketing(v.businessUse) && v.isActive === true && textEquals(v.isValid, 'valid')),
      (r) => r.remainingAmount,
    ),
  }
  const bridges = [...result.timingLines.values(), ...result.vtcLines.values()].reduce((a, b) => a + b, 0)
  for (const group of GROUPS) {
    const actuals = sum(
      mine(data.CR_04).filter((r) => group.accounts.includes(r.account ?? '')),
      (r) => r.balance,
    )
    const variance = group.sign * actuals - (tv[group.key] ?? 0)
    const explained = group.key === 'voucher-liability' ? bridges : 0
    result.groups.set(group.key, { tv: tv[group.key] ?? 0, actuals, variance, explained, unexplained: variance - explained })
  }
}

const RULES: { key: string; test: (r: DemoExtracts['IPE_31'][number]) => boolean }[] = (() => {
  const type =
    (...values: string[]) =>
    (r: DemoExtracts['IPE_31'][number]) =>
      values.some((v) => textEquals(r.transactionType, v))
  const prepaid = (r: DemoExtracts['IPE_31'][number]) => ['1', 'true', 'yes'].some((v) => textEquals(r.isPrepayment, v))
  const statement =
    (...sources: string[]) =>
    (r: DemoExtracts['IPE_31'][number]) =>
      sources.some((s) => textEquals(r.source, s)) && textEquals(r.entity, 'Account Statement')
  return [
    {
      key: 'CASH_DEPOSITS',
      test: type('Transfer to', 'Third Party Collection', 'Payment - Rev', 'Translist in progress', 'Payment', 'Transfer'),
    },
    { key: 'SALES_DELIVERIES', test: type('Delivery', 'DELIVERED') },
    { key: 'CASH_DEPOSITS_CANCEL', test: type('Payment Charges Rev', 'Transfer From', 'Reallocation From') },
    { key: 'JFORCE_PAYOUTS', test: type('JForce Payout', 'Jforce Payouts', 'Payment') },
    { key: 'PAYMENT_RECONCILES', test: type('Payment', 'Transfer to', 'Third Party Collection') },
    { key: 'PREPAYMENTS', test: prepaid },
    { key: 'REFUNDS', test: type('Refund', 'Refunds') },
    { key: 'SC_ACCOUNT_STATEMENT', test: statement('Seller Center', 'SC') },
    { key: 'SELLER_ACCOUNT_STATEMENTS', test: statement('Seller', 'MPL') },
    { key: 'PREPAID_DELIVERIES', test: prepaid },
    { key: 'SALES_CREDIT_MEMOS', test: type('Sales Credit Memo') },
  ]
})()

function classify(rows: DemoExtracts['IPE_31'], result: MiniResult): void {
  for (const row of rows) {
    const rule = RULES.find((candidate) => candidate.test(row))?.key ?? 'UNCLASSIFIED'
    if (rule === 'UNCLASSIFIED') result.unclassified++
    result.classification.set(row.relatedEntity ?? '', rule)
  }
}
