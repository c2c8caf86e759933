import { lcyCents, lcyUnits, type DemoContext, type EntityContext } from '../context.ts'
import { BUSINESS_LINES } from '../master/entities.ts'
import { PLANTED_CUSTOMERS, type PlantedCustomer } from '../plan/discrepancies.ts'
import { rowKey, type Rng } from '../random.ts'

export const MAX_ENTRIES = 8
export const DOC_INVOICE = 0
export const DOC_CREDIT_MEMO = 1
export const DOC_PAYMENT = 2

/**
 * One NAV customer with its open ledger entries at closing (IPE_07). Clean customers have a
 * single posting group and a single business line, so neither customer bridge lists them.
 */
export type Customer = {
  index: number
  no: string
  name: string
  cardGroup: string
  entryCount: number
  readonly entryGroup: string[]
  readonly entryLine: string[]
  readonly entryAmount: Float64Array
  readonly entryDay: Int32Array
  readonly entryDocType: Int32Array
  planted: PlantedCustomer | null
}

export function createCustomer(): Customer {
  return {
    index: 0,
    no: '',
    name: '',
    cardGroup: '',
    entryCount: 0,
    entryGroup: new Array<string>(MAX_ENTRIES).fill(''),
    entryLine: new Array<string>(MAX_ENTRIES).fill(''),
    entryAmount: new Float64Array(MAX_ENTRIES),
    entryDay: new Int32Array(MAX_ENTRIES),
    entryDocType: new Int32Array(MAX_ENTRIES),
    planted: null,
  }
}

export function customerCount(ec: EntityContext): number {
  return ec.counts.customers + ec.plantedCustomers
}

const FIRST_NAMES = [
  'Ada',
  'Kwame',
  'Amina',
  'Youssef',
  'Fatou',
  'Joseph',
  'Grace',
  'Moussa',
  'Nadia',
  'Samuel',
  'Aisha',
  'Karim',
  'Esther',
  'Ibrahim',
  'Lina',
  'Peter',
]
const LAST_NAMES = [
  'Okafor',
  'Mensah',
  'Otieno',
  'Hassan',
  'Diallo',
  'Bennani',
  'Kouassi',
  'Nakato',
  'Haddad',
  'Adeyemi',
  'Ndiaye',
  'Kamau',
  'Traore',
  'Mostafa',
]
const COMPANY_SUFFIXES = ['Trading', 'Stores', 'Enterprises', 'Ventures', 'Supplies', 'Distribution']
/** Cumulative shares of the business lines of clean customers (RETAIL, MARKETPLACE, …). */
const LINE_SHARES = [0.4, 0.75, 0.85, 0.93, 0.98, 1]

export function fillCustomer(ctx: DemoContext, ec: EntityContext, index: number, c: Customer, rng: Rng): Customer {
  const plantedIndex = index - ec.counts.customers
  if (plantedIndex >= 0) return fillPlanted(ctx, ec, index, plantedIndex, c)
  rng.reset(rowKey(ec.streams.customer, index))
  const groups = ec.entity.postingGroups
  c.index = index
  c.planted = null
  c.no = `C${ec.entity.country}${1_000_000 + index}`
  const business = rng.next() < 0.2
  c.name = business ? `${rng.pick(LAST_NAMES)} ${rng.pick(COMPANY_SUFFIXES)}` : `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`
  c.cardGroup = rng.next() < 0.7 ? (groups[0] ?? 'NATIONAL') : rng.pick(groups)
  const line = lineOf(rng.next())
  c.entryCount = 1 + rng.int(5)
  const closing = ctx.calendar.closingDay
  for (let e = 0; e < c.entryCount; e++) {
    const kind = rng.next()
    const docType = kind < 0.8 ? DOC_INVOICE : kind < 0.9 ? DOC_CREDIT_MEMO : DOC_PAYMENT
    const usd = docType === DOC_INVOICE ? 5 + rng.next() * 395 : -(5 + rng.next() * (docType === DOC_PAYMENT ? 295 : 95))
    c.entryGroup[e] = c.cardGroup
    c.entryLine[e] = line
    c.entryAmount[e] = lcyCents(ec, usd)
    c.entryDay[e] = closing - rng.int(180)
    c.entryDocType[e] = docType
  }
  return c
}

function lineOf(u: number): string {
  for (let i = 0; i < LINE_SHARES.length; i++) if (u < (LINE_SHARES[i] ?? 1)) return BUSINESS_LINES[i] ?? 'RETAIL'
  return 'RETAIL'
}

function fillPlanted(ctx: DemoContext, ec: EntityContext, index: number, slot: number, c: Customer): Customer {
  const spec = PLANTED_CUSTOMERS[slot] as PlantedCustomer
  const groups = ec.entity.postingGroups
  c.index = index
  c.planted = spec
  c.no = `C${ec.entity.country}${9_000_001 + slot}`
  c.name = `${LAST_NAMES[slot % LAST_NAMES.length]} ${COMPANY_SUFFIXES[slot % COMPANY_SUFFIXES.length]}`
  c.entryCount = spec.entries.length
  spec.entries.forEach((entry, e) => {
    c.entryGroup[e] = groups[entry.group % groups.length] ?? 'NATIONAL'
    c.entryLine[e] = entry.line
    c.entryAmount[e] = lcyUnits(ec, entry.usd)
    c.entryDay[e] = ctx.calendar.closingDay - 20 - e * 9
    c.entryDocType[e] = entry.usd >= 0 ? DOC_INVOICE : DOC_CREDIT_MEMO
  })
  c.cardGroup = c.entryGroup[0] ?? 'NATIONAL'
  return c
}
