import type { DemoCalendar } from '../calendar.ts'
import type { DemoContext, EntityContext } from '../context.ts'
import { createCustomer, customerCount, DOC_CREDIT_MEMO, DOC_INVOICE, fillCustomer, type Customer } from '../books/customers.ts'
import { Rng } from '../random.ts'
import { money, rowEntities } from './common.ts'

const ENTRY_BASE = 5_000_000
const DOC_TYPES = ['Invoice', 'Credit Memo', 'Payment']
const VERTICALS: Readonly<Record<string, readonly [string, string, string]>> = {
  RETAIL: ['Commerce', '1P Retail', 'Retail'],
  MARKETPLACE: ['Commerce', '3P Marketplace', 'Marketplace'],
  JFOOD: ['Services', 'Food delivery', 'JFood'],
  JPAY: ['Fintech', 'Payments', 'JumiaPay'],
  LOGISTICS: ['Services', 'Logistics as a service', 'Logistics'],
  ADVERTISING: ['Services', 'Advertising', 'Ads'],
}

/** IPE_07: open customer ledger entries at the closing date, posted by the closing date. */
export function* customerEntryRows(ctx: DemoContext): Generator<unknown[]> {
  const rng = new Rng()
  const c = createCustomer()
  for (const ec of rowEntities(ctx)) {
    let entryNo = ENTRY_BASE
    const count = customerCount(ec)
    for (let i = 0; i < count; i++) {
      fillCustomer(ctx, ec, i, c, rng)
      for (let e = 0; e < c.entryCount; e++) yield entryRow(ctx.calendar, ec, c, e, ++entryNo)
    }
  }
}

function entryRow(cal: DemoCalendar, ec: EntityContext, c: Customer, e: number, entryNo: number): unknown[] {
  const docType = c.entryDocType[e] ?? DOC_INVOICE
  const remaining = c.entryAmount[e] ?? 0
  const original = docType === DOC_INVOICE && (entryNo & 3) === 0 ? Math.round(remaining * 1.5) : remaining
  const day = c.entryDay[e] ?? cal.closingDay
  const due = Math.min(day + 30, cal.closingDay + 60)
  const line = c.entryLine[e] ?? 'RETAIL'
  const vertical = VERTICALS[line] ?? ['Commerce', '1P Retail', 'Retail']
  const prefix = docType === DOC_INVOICE ? 'SI' : docType === DOC_CREDIT_MEMO ? 'SCM' : 'PAY'
  const integrated = (entryNo & 7) !== 0
  return [
    ec.entity.code,
    ec.entity.country,
    'Opco',
    entryNo,
    entryNo + 20_000_000,
    `${prefix}-${ec.entity.country}-${entryNo}`,
    DOC_TYPES[docType],
    `ORD-${c.index * 8 + e + 500_000_000}`,
    cal.date(day),
    c.no,
    c.name,
    c.entryLine[0],
    integrated ? 'Yes' : 'No',
    c.cardGroup,
    c.name.includes(' ') && c.cardGroup.startsWith('B2B') ? 'B2B' : 'B2C',
    c.entryGroup[e],
    `${DOC_TYPES[docType]} ${c.no}`,
    integrated ? 'OMSINT' : 'SALES',
    null,
    line,
    vertical[0],
    vertical[1],
    vertical[2],
    'SALES',
    money(original),
    null,
    money(original),
    money(remaining),
    1,
    cal.date(due),
    integrated ? 'JUMIA/NAV31AFR.BATCH.SRVC' : (ec.entity.managers[0] ?? 'JUMIA\\A.MANAGER'),
    ec.entity.country,
    null,
    null,
    dueBucket(cal, due),
  ]
}

/** Due month compared with the closing month (the catalog query compares month ends). */
function dueBucket(cal: DemoCalendar, due: number): string {
  const month = cal.monthOf(due)
  if (month < cal.monthN) return 'Credit'
  return month > cal.monthN ? 'Debit' : 'Due Month'
}
