import type { DemoCalendar } from '../calendar.ts'
import type { DemoContext, EntityContext } from '../context.ts'
import { lcyCents, lcyUnits } from '../context.ts'
import { PLANTED_COLLECTION_ITEMS, type PlantedCollectionItem } from '../plan/discrepancies.ts'
import { rowKey, Rng } from '../random.ts'
import { money, padded } from './common.ts'

type ItemKind = { readonly type: string; readonly sign: number; readonly prefix: string; readonly upTo: number }

/** Bulk transaction types: each classifies under a rule of the default catalog (methodology §7). */
const KINDS: readonly ItemKind[] = [
  { type: 'Transfer to', sign: 1, prefix: 'TRF', upTo: 0.25 },
  { type: 'Third Party Collection', sign: 1, prefix: 'TPC', upTo: 0.45 },
  { type: 'Translist in progress', sign: 1, prefix: 'TL', upTo: 0.7 },
  { type: 'Payment', sign: -1, prefix: 'PAY', upTo: 0.85 },
  { type: 'Payment - Rev', sign: -1, prefix: 'PRV', upTo: 0.9 },
  { type: 'Reallocation From', sign: -1, prefix: 'RAL', upTo: 0.95 },
  { type: 'Refund', sign: -1, prefix: 'RFD', upTo: 1 },
]

const NOT_ALPHANUMERIC = /[^A-Z0-9]+/g

function kindOf(u: number): ItemKind {
  for (const kind of KINDS) if (u < kind.upTo) return kind
  return KINDS[0] as ItemKind
}

export function collectionItemCount(ec: EntityContext): number {
  return ec.counts.collectionItems + ec.plantedCollectionItems
}

export type CollectionDraw = { amount: number; kind: ItemKind | null; planted: PlantedCollectionItem | null }

/** Kind and TV amount (cents) of item j: bulk items draw them first, planted ones are fixed. */
export function drawCollectionItem(ec: EntityContext, j: number, rng: Rng, out: CollectionDraw): CollectionDraw {
  const planted = PLANTED_COLLECTION_ITEMS[j - ec.counts.collectionItems]
  if (j >= ec.counts.collectionItems && planted) {
    out.planted = planted
    out.kind = null
    out.amount = lcyUnits(ec, planted.usd)
    return out
  }
  rng.reset(rowKey(ec.streams.collection, j))
  const kind = kindOf(rng.next())
  out.planted = null
  out.kind = kind
  out.amount = kind.sign * lcyCents(ec, 1 + rng.next() * 300)
  return out
}

/** Related_Entity of a planted item: the business key the ground truth names it by. */
export function plantedRelatedEntity(ec: EntityContext, slot: number): string {
  return `CHK-${ec.entity.country}-${padded(slot + 1, 3)}`
}

/**
 * IPE_31: open collection-partner items at the end of N. Out-of-scope companies never appear:
 * the catalog query keeps conso-scope companies of countries not excluded.
 */
export function* collectionItemRows(ctx: DemoContext): Generator<unknown[]> {
  const cal = ctx.calendar
  const rng = new Rng()
  const draw: CollectionDraw = { amount: 0, kind: null, planted: null }
  for (const ec of ctx.entities) {
    if (!ec.entity.inConsoScope) continue
    const count = collectionItemCount(ec)
    for (let j = 0; j < count; j++) {
      drawCollectionItem(ec, j, rng, draw)
      yield draw.planted ? plantedRow(cal, ec, j, draw.planted, draw.amount) : bulkRow(cal, ec, j, rng, draw)
    }
  }
}

function bulkRow(cal: DemoCalendar, ec: EntityContext, j: number, rng: Rng, draw: CollectionDraw): unknown[] {
  const kind = draw.kind ?? (KINDS[0] as ItemKind)
  const partner = rng.pick(ec.entity.collectionPartners)
  const day = cal.closingDay - rng.int(rng.next() < 0.85 ? 31 : 120)
  return itemRow(
    cal,
    ec,
    cal.dateTime(day, rng.int(86_400)),
    partner,
    kind.type,
    `${kind.prefix}-${ec.entity.country}-${padded(j, 8)}`,
    draw.amount,
    '0',
    'Cash Rec',
    'Transaction',
  )
}

function plantedRow(cal: DemoCalendar, ec: EntityContext, j: number, item: PlantedCollectionItem, amount: number): unknown[] {
  const slot = j - ec.counts.collectionItems
  const partner = ec.entity.collectionPartners[slot % ec.entity.collectionPartners.length] ?? 'Jumia Logistics'
  const when = cal.dateTime(cal.closingDay - (slot % 20), 43_200 + slot)
  return itemRow(
    cal,
    ec,
    when,
    partner,
    item.transactionType,
    plantedRelatedEntity(ec, slot),
    amount,
    item.isPrepayment ?? '0',
    item.source ?? 'Cash Rec',
    item.entity ?? 'Transaction',
  )
}

function itemRow(
  cal: DemoCalendar,
  ec: EntityContext,
  when: string,
  partner: string,
  type: string,
  related: string,
  amount: number,
  isPrepayment: string,
  source: string,
  entity: string,
): unknown[] {
  return [
    ec.entity.code,
    when,
    partner,
    type,
    related,
    money(amount),
    partner,
    partner.startsWith('Jumia Logistics') ? 'Last Mile' : 'Payment Gateway',
    `VEN-${partner.toUpperCase().replace(NOT_ALPHANUMERIC, '-')}`,
    ec.entity.country,
    cal.dateTime(cal.closingDay, 86_399),
    `100${ec.entity.country === 'NG' ? '11' : '12'}`,
    isPrepayment,
    source,
    entity,
  ]
}
