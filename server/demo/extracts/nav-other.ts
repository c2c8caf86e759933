import type { DemoCalendar } from '../calendar.ts'
import { lcyCents, type EntityContext } from '../context.ts'
import { rowKey, type Rng } from '../random.ts'
import { padded } from './common.ts'
import { integrationUser, type NavDraft } from './nav-row.ts'

type OtherKind = {
  readonly account: string
  readonly upTo: number
  readonly debit: string
  readonly credit: string
  readonly balance: string
}

/** Entries of the account map's other accounts: counted by the run, never categorized (methodology §11). */
const OTHER_KINDS: readonly OtherKind[] = [
  { account: '13003', upTo: 0.3, debit: 'Sales invoice', credit: 'Customer payment', balance: 'Customer' },
  { account: '13005', upTo: 0.45, debit: 'Package delivered', credit: 'Cash collected for package', balance: 'G/L Account' },
  { account: '13001', upTo: 0.55, debit: 'Collection from partner', credit: 'Transfer to bank', balance: 'Bank Account' },
  { account: '13002', upTo: 0.6, debit: 'Partner collection other', credit: 'Partner settlement', balance: 'Bank Account' },
  { account: '18350', upTo: 0.7, debit: 'Prepayment applied', credit: 'Prepayment received', balance: 'Customer' },
  { account: '18304', upTo: 0.8, debit: 'SC commission settled', credit: 'SC commission accrual', balance: 'Vendor' },
  { account: '18317', upTo: 0.88, debit: 'MPL refund paid', credit: 'MPL refund liability', balance: 'Vendor' },
  {
    account: '13024',
    upTo: 0.93,
    debit: 'Package reconciliation difference',
    credit: 'Package reconciliation release',
    balance: 'G/L Account',
  },
  { account: '13004', upTo: 0.97, debit: 'Other receivable', credit: 'Other receivable settled', balance: 'Customer' },
  { account: '13009', upTo: 1, debit: 'Allowance release', credit: 'Allowance for doubtful accounts', balance: 'G/L Account' },
]

export function describeOtherEntry(cal: DemoCalendar, ec: EntityContext, j: number, rng: Rng, d: NavDraft): void {
  rng.reset(rowKey(ec.streams.navOther, j))
  const u = rng.next()
  const kind = kindOf(u)
  const debit = rng.next() < 0.55
  const manual = rng.next() < 0.12
  const reference = `${ec.entity.country}${padded(400_000_000 + j, 9)}`
  d.account = kind.account
  d.amount = lcyCents(ec, (debit ? 1 : -1) * (3 + rng.next() * 250))
  d.day = cal.yearStart + rng.int(cal.nextPeriodStart - cal.yearStart)
  d.second = rng.int(86_400)
  d.documentNo = `${kind.account === '13003' ? 'SI' : 'GJ'}-${reference}`
  d.externalDocumentNo = reference
  d.voucherNo = null
  d.documentType = kind.account === '13003' ? (debit ? 'Invoice' : 'Payment') : null
  d.description = `${debit ? kind.debit : kind.credit} ${reference}`
  d.busline = rng.next() < 0.6 ? 'RETAIL' : 'MARKETPLACE'
  d.balAccountType = kind.balance
  d.balAccountNo = null
  d.balAccountName = null
  d.sourceCode = manual ? 'GENJNL' : 'OMSINT'
  d.user = manual ? (ec.entity.managers[j % ec.entity.managers.length] ?? 'JUMIA\\A.MANAGER') : integrationUser(j)
  d.sourceType = kind.balance === 'Customer' ? 'Customer' : null
  d.sourceNo = null
  d.comment = null
}

function kindOf(u: number): OtherKind {
  for (const kind of OTHER_KINDS) if (u < kind.upTo) return kind
  return OTHER_KINDS[0] as OtherKind
}
