import type { Ipe07Row } from '../../extracts/rows.ts'
import { emptyTally, type Tally, tallyAdd } from './draft.ts'
import { navCode } from './nav-code.ts'

/** A customer of IPE_07 as both customer bridges see it: its NAV number and first non-blank name. */
export type CustomerBase = { name: string | null }

/**
 * IPE_07 open entries gathered per customer (methodology §6), for the posting-group and business-line
 * bridges, an entry at a time as IPE_07 is read: customer numbers compared as NAV codes, entries
 * without one only tallied, the name taken from the first entry that has one. `add` accumulates an
 * entry into its customer.
 */
export function customerCollector<C extends CustomerBase>(
  create: (customerNo: string) => C,
  add: (customer: C, entry: Ipe07Row) => void,
): { add(entry: Ipe07Row): void; readonly customers: Map<string, C>; readonly withoutCustomer: Tally } {
  const customers = new Map<string, C>()
  const withoutCustomer = emptyTally()
  return {
    customers,
    withoutCustomer,
    add(entry) {
      const customerNo = navCode(entry.customerNo)
      if (customerNo === null) {
        tallyAdd(withoutCustomer, entry.remainingLcy)
        return
      }
      let customer = customers.get(customerNo)
      if (!customer) customers.set(customerNo, (customer = create(customerNo)))
      customer.name ??= entry.customerName?.trim() || null
      add(customer, entry)
    },
  }
}
