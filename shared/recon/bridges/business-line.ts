import type { Ipe07Row } from '../../extracts/rows.ts'
import { assertSafeCents, type Cents, centsToDecimal, centsToDisplay, ZERO_CENTS, addCents } from '../../money.ts'
import {
  type BridgeDraft,
  type BridgeLineDraft,
  bridgeLine,
  compareText,
  diagnostic,
  emptyTally,
  type Tally,
  tallyAdd,
  totalOf,
} from './draft.ts'
import { customerCollector } from './customers.ts'
import { navCode } from './nav-code.ts'

export const BUSINESS_LINE_TITLE = 'Business-line reclass'

/**
 * Label of entries without a `Busline Code`. Their balance is real money of the customer, so it is
 * its own business line (a reclass candidate like any other) rather than being dropped.
 */
export const BLANK_BUSINESS_LINE = '(blank)'

export type BusinessLineInput = {
  companyCode: string
  /** IPE_07 rows of this entity only. */
  entries: Iterable<Ipe07Row>
}

type Customer = { name: string | null; balances: Map<string, Cents> }
type Balance = { businessLine: string; balance: Cents }

/**
 * Customers whose open balance sits on more than one business line, with a proposal to move every
 * line to the primary one (methodology §6 "Business-line reclass"). Every line of such a customer is
 * listed, the primary with 0.00 (methodology §11); lines follow customer, then business line.
 */
export function businessLineBridge(input: BusinessLineInput): BridgeDraft {
  const tally = businessLineTally()
  for (const entry of input.entries) tally.add(entry)
  return tally.bridge(input.companyCode)
}

/** The same bridge built an entry at a time, as IPE_07 is read: `bridge` once every entry of the entity is added. */
export function businessLineTally(): { add(entry: Ipe07Row): void; bridge(companyCode: string): BridgeDraft } {
  const collected = collectBalances()
  return { add: collected.add, bridge: (companyCode) => bridgeOf(companyCode, collected) }
}

function bridgeOf(companyCode: string, collected: ReturnType<typeof collectBalances>): BridgeDraft {
  const { customers, withoutCustomer, withoutBusinessLine } = collected
  const lines: BridgeLineDraft[] = []
  const multiLine = emptyTally()
  const dropped = emptyTally()
  for (const [customerNo, customer] of [...customers].sort(([a], [b]) => compareText(a, b))) {
    const kept = keptBalances(customer.balances, dropped)
    if (kept.length < 2) continue
    tallyAdd(multiLine, openBalance(kept))
    lines.push(...customerLines(companyCode, customerNo, customer.name, kept))
  }
  return {
    bridge: 'business-line',
    title: BUSINESS_LINE_TITLE,
    companyCode,
    totalLcy: totalOf(lines),
    lines,
    zeroLineCount: 0,
    diagnostics: [
      diagnostic('customers with more than one business line (open balance)', multiLine),
      diagnostic('business-line balances below 0.01 (dropped)', dropped),
      diagnostic(`entries without busline code (shown as ${BLANK_BUSINESS_LINE})`, withoutBusinessLine),
      diagnostic('entries without customer no (ignored)', withoutCustomer),
    ],
  }
}

function collectBalances() {
  const withoutBusinessLine = emptyTally()
  const create = (): Customer => ({ name: null, balances: new Map() })
  const { add, customers, withoutCustomer } = customerCollector(create, (customer, entry) => {
    const businessLine = navCode(entry.buslineCode)
    if (businessLine === null) tallyAdd(withoutBusinessLine, entry.remainingLcy)
    const label = businessLine ?? BLANK_BUSINESS_LINE
    // Null amounts are skipped in sums (methodology §11); a line of only null amounts sums to 0 and is dropped.
    const balance = customer.balances.get(label) ?? ZERO_CENTS
    customer.balances.set(label, addCents(balance, entry.remainingLcy ?? ZERO_CENTS))
  })
  return { add, customers, withoutCustomer, withoutBusinessLine }
}

/** |balance| < 0.01 is exactly zero cents; such balances are dropped before lines are counted. */
function keptBalances(balances: ReadonlyMap<string, Cents>, dropped: Tally): Balance[] {
  const kept: Balance[] = []
  for (const [businessLine, balance] of balances) {
    if (balance === 0) tallyAdd(dropped, ZERO_CENTS)
    else kept.push({ businessLine, balance: assertSafeCents(balance) })
  }
  return kept.sort((a, b) => compareText(a.businessLine, b.businessLine))
}

function openBalance(kept: readonly Balance[]): Cents {
  let total = 0
  for (const { balance } of kept) total += balance
  return assertSafeCents(total)
}

/** Largest |balance|; `kept` is in alphabetical order, so the first of equals wins a tie. */
function primaryOf(kept: readonly Balance[]): Balance {
  let primary = kept[0] as Balance
  for (const candidate of kept) if (Math.abs(candidate.balance) > Math.abs(primary.balance)) primary = candidate
  return primary
}

function customerLines(companyCode: string, customerNo: string, name: string | null, kept: readonly Balance[]): BridgeLineDraft[] {
  const primary = primaryOf(kept)
  return kept.map(({ businessLine, balance }) => {
    const isPrimary = businessLine === primary.businessLine
    return bridgeLine('business-line', companyCode, `${customerNo}|${businessLine}`, {
      description: isPrimary
        ? `${businessLine} is the primary business line of customer ${customerNo} (largest absolute balance, ` +
          `${centsToDisplay(balance)}, of ${kept.length} lines): nothing to reclass.`
        : `Reclass ${centsToDisplay(balance)} of customer ${customerNo} from ${businessLine} to primary business line ${primary.businessLine}.`,
      amountLcy: isPrimary ? ZERO_CENTS : balance,
      detail: {
        customerNo,
        customerName: name,
        businessLine,
        balance: centsToDecimal(balance),
        primaryBusinessLine: primary.businessLine,
        businessLineCount: kept.length,
        isPrimary,
      },
    })
  })
}
