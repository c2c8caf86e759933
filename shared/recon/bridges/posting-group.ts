import type { Ipe07Row } from '../../extracts/rows.ts'
import { assertSafeCents, type Cents, centsToDecimal, centsToDisplay, ZERO_CENTS, addCents } from '../../money.ts'
import {
  type BridgeDraft,
  type BridgeLineDraft,
  bridgeLine,
  byBusinessKey,
  compareText,
  diagnostic,
  emptyTally,
  tallyAdd,
} from './draft.ts'
import { customerCollector } from './customers.ts'
import { navCode } from './nav-code.ts'

export const POSTING_GROUP_TITLE = 'Customer posting group'

export type PostingGroupInput = {
  companyCode: string
  /** IPE_07 rows of this entity only. */
  entries: Iterable<Ipe07Row>
}

type Customer = { customerNo: string; name: string | null; openBalance: Cents; groups: Set<string> }

/**
 * An identification line has no amount: it asks for review, not money (methodology §6). It is always
 * listed; zero-line counting is for zero differences of the timing and VTC bridges only.
 */
const IDENTIFICATION_AMOUNT = ZERO_CENTS

/**
 * Customers of one entity with open entries under more than one distinct non-null `Customer
 * Posting Group` (methodology §6). Groups are compared as NAV codes (`navCode`: trimmed, upper-cased).
 */
export function postingGroupBridge(input: PostingGroupInput): BridgeDraft {
  const tally = postingGroupTally()
  for (const entry of input.entries) tally.add(entry)
  return tally.bridge(input.companyCode)
}

/** The same bridge built an entry at a time, as IPE_07 is read: `bridge` once every entry of the entity is added. */
export function postingGroupTally(): { add(entry: Ipe07Row): void; bridge(companyCode: string): BridgeDraft } {
  const collected = collectCustomers()
  return { add: collected.add, bridge: (companyCode) => bridgeOf(companyCode, collected) }
}

function bridgeOf(companyCode: string, collected: ReturnType<typeof collectCustomers>): BridgeDraft {
  const { customers, withoutCustomer, withoutGroup } = collected
  const lines: BridgeLineDraft[] = []
  const all = emptyTally()
  const mixed = emptyTally()
  for (const customer of customers.values()) {
    tallyAdd(all, customer.openBalance)
    if (customer.groups.size < 2) continue
    tallyAdd(mixed, customer.openBalance)
    lines.push(postingGroupLine(companyCode, customer))
  }
  return {
    bridge: 'posting-group',
    title: POSTING_GROUP_TITLE,
    companyCode,
    totalLcy: IDENTIFICATION_AMOUNT,
    lines: lines.sort(byBusinessKey),
    zeroLineCount: 0,
    diagnostics: [
      diagnostic('customers with open entries (open balance)', all),
      diagnostic('customers with more than one posting group (open balance)', mixed),
      diagnostic('entries without posting group (no group counted)', withoutGroup),
      diagnostic('entries without customer no (ignored)', withoutCustomer),
    ],
  }
}

function collectCustomers() {
  const withoutGroup = emptyTally()
  const create = (customerNo: string): Customer => ({ customerNo, name: null, openBalance: ZERO_CENTS, groups: new Set() })
  const { add, customers, withoutCustomer } = customerCollector(create, (customer, entry) => {
    // Posting-group balance: every open entry of the customer, with or without a group (methodology §11).
    if (entry.remainingLcy !== null) customer.openBalance = addCents(customer.openBalance, entry.remainingLcy)
    const group = navCode(entry.postingGroup)
    if (group === null) tallyAdd(withoutGroup, entry.remainingLcy)
    else customer.groups.add(group)
  })
  return { add, customers, withoutCustomer, withoutGroup }
}

function postingGroupLine(companyCode: string, customer: Customer): BridgeLineDraft {
  const groups = [...customer.groups].sort(compareText).join(', ')
  const balance = assertSafeCents(customer.openBalance)
  const who = customer.name === null ? customer.customerNo : `${customer.customerNo} (${customer.name})`
  return bridgeLine('posting-group', companyCode, customer.customerNo, {
    description:
      `Customer ${who} has open entries under ${customer.groups.size} posting groups (${groups}); ` +
      `open balance ${centsToDisplay(balance)} to be reviewed and moved to one group.`,
    amountLcy: IDENTIFICATION_AMOUNT,
    detail: {
      customerNo: customer.customerNo,
      customerName: customer.name,
      openBalance: centsToDecimal(balance),
      postingGroups: groups,
      postingGroupCount: customer.groups.size,
    },
  })
}
