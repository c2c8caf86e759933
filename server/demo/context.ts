import { TieoutError } from '../../shared/errors.ts'
import type { Period } from '../../shared/period.ts'
import { DemoCalendar } from './calendar.ts'
import { closingRate, DEMO_ENTITIES, demoEntity, IN_SCOPE_CODES, type DemoEntity } from './master/entities.ts'
import { PLANTED_COLLECTION_ITEMS, PLANTED_CUSTOMERS, PLANTED_VOUCHERS } from './plan/discrepancies.ts'
import { hashText, STREAM, streamKey } from './random.ts'

export type DemoOptions = {
  readonly period: Period
  /** Default: every in-scope entity of the demo master. */
  readonly companies?: readonly string[]
  /** Default 1 (≈ 250,000 rows); fractions allowed. */
  readonly scale?: number
  /** Default 20250901. */
  readonly seed?: number
}

export const DEFAULT_SEED = 20250901

/**
 * Rows per extract at scale 1 for a total entity weight of 1.05 (nine in-scope entities weigh 1,
 * the two out-of-scope ones 0.05), tuned so that scale 1 of a September period gives ≈ 250,000
 * rows: CR_03 40%, IPE_08 and IPE_08_USAGE 15% each, IPE_07 10%, JDASH 8%, the rest 12%.
 */
const VOLUME = {
  vouchers: 35_500,
  customers: 7_930,
  navOther: 52_000,
  prepayments: 5_714,
  accruedRevenues: 5_714,
  packages: 5_714,
  collectionItems: 5_714,
  refundCases: 5_714,
} as const

export type Counts = { readonly [K in keyof typeof VOLUME]: number }

export type EntityContext = {
  readonly entity: DemoEntity
  /** In scope and requested: carries the planted discrepancies and appears in the ground truth. */
  readonly planted: boolean
  /** Closing rate of N, LCY per 1 USD. */
  readonly rate: number
  /** Bulk (unplanted) objects per extract. */
  readonly counts: Counts
  readonly plantedVouchers: number
  readonly plantedCustomers: number
  readonly plantedCollectionItems: number
  readonly streams: { readonly [K in keyof typeof STREAM]: number }
}

export type DemoContext = {
  readonly period: Period
  readonly seed: number
  readonly scale: number
  readonly calendar: DemoCalendar
  /** Requested companies first, then the out-of-scope noise companies. */
  readonly entities: readonly EntityContext[]
  /** Country codes of the master's in-scope entities (methodology §5 issuance subtypes). */
  readonly inScopeCountries: ReadonlySet<string>
  /** Per-context memo of computed totals (CR_04 and the ground truth share them). */
  readonly memo: Map<string, unknown>
}

export function createContext(options: DemoOptions): DemoContext {
  const seed = options.seed ?? DEFAULT_SEED
  const scale = options.scale ?? 1
  if (!Number.isSafeInteger(seed) || seed < 0) throw badInput(`demo seed must be a non-negative integer, got ${String(options.seed)}`)
  if (!Number.isFinite(scale) || scale < 0) throw badInput(`demo scale must be a number ≥ 0, got ${String(options.scale)}`)
  const calendar = new DemoCalendar(options.period)
  const requested = resolveCompanies(options.companies)
  const noise = DEMO_ENTITIES.filter((e) => !e.inConsoScope && !requested.includes(e))
  const entities = [...requested, ...noise].map((e) => entityContext(e, seed, scale, calendar))
  return {
    period: options.period,
    seed,
    scale,
    calendar,
    entities,
    inScopeCountries: new Set(DEMO_ENTITIES.filter((e) => e.inConsoScope).map((e) => e.country)),
    memo: new Map(),
  }
}

function resolveCompanies(companies: readonly string[] | undefined): DemoEntity[] {
  const codes = companies ?? IN_SCOPE_CODES
  const resolved: DemoEntity[] = []
  for (const raw of codes) {
    const found = demoEntity(raw.trim().toUpperCase())
    if (!found) throw new TieoutError('TIEOUT_ERR_UNKNOWN_ENTITY', { entity: raw })
    if (!resolved.includes(found)) resolved.push(found)
  }
  return resolved
}

function entityContext(entity: DemoEntity, seed: number, scale: number, calendar: DemoCalendar): EntityContext {
  const key = hashText(entity.code)
  const volume = (base: number) => Math.round(scale * base * entity.weight)
  const counts = Object.fromEntries(Object.entries(VOLUME).map(([name, base]) => [name, volume(base)])) as Counts
  const streams = Object.fromEntries(
    Object.entries(STREAM).map(([name, id]) => [name, streamKey(seed, key, id)]),
  ) as EntityContext['streams']
  const planted = entity.inConsoScope
  return {
    entity,
    planted,
    rate: closingRate(entity, calendar.monthN),
    counts,
    plantedVouchers: planted ? PLANTED_VOUCHERS.length : 0,
    plantedCustomers: planted ? PLANTED_CUSTOMERS.length : 0,
    plantedCollectionItems: planted ? PLANTED_COLLECTION_ITEMS.length : 0,
    streams,
  }
}

/** USD → whole LCY units, in cents (vouchers and planted amounts are round local amounts); symmetric in sign. */
export function lcyUnits(ec: EntityContext, usd: number): number {
  return Math.sign(usd) * Math.round(Math.abs(usd) * ec.rate) * 100
}

/** USD → LCY cents with cents (operational amounts). */
export function lcyCents(ec: EntityContext, usd: number): number {
  return Math.sign(usd) * Math.round(Math.abs(usd) * ec.rate * 100)
}

function badInput(detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail })
}
