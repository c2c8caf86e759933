import type { DemoContext, EntityContext } from '../context.ts'
import { createCustomer, customerCount, fillCustomer, MAX_ENTRIES, type Customer } from '../books/customers.ts'
import { Rng } from '../random.ts'

export type PostingGroupFinding = {
  readonly role: string
  readonly customerNo: string
  readonly balance: number
  readonly groups: readonly string[]
}
export type BusinessLineFinding = {
  readonly role: string
  readonly customerNo: string
  readonly line: string
  readonly balance: number
  readonly primary: boolean
  /** The amount the bridge proposes to reclassify: the balance, 0 on the primary line. */
  readonly amount: number
}

/** IPE_07 seen by the run (methodology §6, §11): the AR TV and both customer bridges, in one pass. */
export type CustomerTotals = {
  tv: number
  postingGroups: PostingGroupFinding[]
  businessLines: BusinessLineFinding[]
  /** Planted customers that must produce no business-line line (a line nets to zero). */
  businessLineNotListed: { role: string; customerNo: string }[]
}

export function customerTotals(ctx: DemoContext, ec: EntityContext): CustomerTotals {
  const rng = new Rng()
  const c = createCustomer()
  const lines = new Array<string>(MAX_ENTRIES).fill('')
  const balances = new Float64Array(MAX_ENTRIES)
  const totals: CustomerTotals = { tv: 0, postingGroups: [], businessLines: [], businessLineNotListed: [] }
  const count = customerCount(ec)
  for (let i = 0; i < count; i++) {
    fillCustomer(ctx, ec, i, c, rng)
    let balance = 0
    for (let e = 0; e < c.entryCount; e++) balance += c.entryAmount[e] ?? 0
    totals.tv += balance
    addPostingGroups(c, balance, totals)
    addBusinessLines(c, lines, balances, totals)
  }
  return totals
}

function addPostingGroups(c: Customer, balance: number, totals: CustomerTotals): void {
  const first = c.entryGroup[0]
  let several = false
  for (let e = 1; e < c.entryCount; e++) if (c.entryGroup[e] !== first) several = true
  if (!several) return
  const groups = [...new Set(c.entryGroup.slice(0, c.entryCount))].sort()
  totals.postingGroups.push({ role: c.planted?.role ?? 'clean', customerNo: c.no, balance, groups })
}

/** Balances per line, lines under one cent dropped; a customer with two or more lines is listed. */
function addBusinessLines(c: Customer, lines: string[], balances: Float64Array, totals: CustomerTotals): void {
  let distinct = 0
  for (let e = 0; e < c.entryCount; e++) {
    const line = c.entryLine[e] ?? ''
    let slot = lines.indexOf(line)
    if (slot < 0 || slot >= distinct) {
      slot = distinct++
      lines[slot] = line
      balances[slot] = 0
    }
    balances[slot] = (balances[slot] ?? 0) + (c.entryAmount[e] ?? 0)
  }
  const kept: { line: string; balance: number }[] = []
  for (let s = 0; s < distinct; s++) if ((balances[s] ?? 0) !== 0) kept.push({ line: lines[s] ?? '', balance: balances[s] ?? 0 })
  if (kept.length < 2) {
    if (distinct > 1 && c.planted) totals.businessLineNotListed.push({ role: c.planted.role, customerNo: c.no })
    return
  }
  kept.sort((a, b) => Math.abs(b.balance) - Math.abs(a.balance) || (a.line < b.line ? -1 : a.line > b.line ? 1 : 0))
  const primary = kept[0]?.line
  for (const { line, balance } of [...kept].sort((a, b) => (a.line < b.line ? -1 : 1))) {
    totals.businessLines.push({
      role: c.planted?.role ?? 'clean',
      customerNo: c.no,
      line,
      balance,
      primary: line === primary,
      amount: line === primary ? 0 : balance,
    })
  }
}
