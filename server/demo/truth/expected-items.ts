import { cents, centsToDecimal } from '../../../shared/money.ts'
import { groupBalances } from './nav-balances.ts'
import type { DemoContext, EntityContext } from '../context.ts'
import { uncategorizedEntryNo } from '../extracts/cr03.ts'
import { plantedRelatedEntity } from '../extracts/ipe31.ts'
import type { Detail, PlantedItem, PlantedItemKind, UsdOf } from './ground-truth-types.ts'
import { lcyUnits } from '../context.ts'
import { thresholdsFor, type GroupKey } from '../plan/amounts.ts'
import { PLANTED_COLLECTION_ITEMS, PLANTED_UNCATEGORIZED } from '../plan/discrepancies.ts'
import { entityTotals } from './entity-totals.ts'
import type { VoucherFinding } from './voucher-findings.ts'

type ItemBase = { kind: PlantedItemKind; bridge?: PlantedItem['bridge']; check?: string; key: string; role: string; detail: Detail }

/** Every planted item of one entity, as the run must report it. */
/** The expectations are worked out in plain numbers, independently of the engine; cents only for the text. */
export function truthDecimal(amount: number): string {
  return centsToDecimal(cents(amount))
}

export function plantedItems(ctx: DemoContext, ec: EntityContext, usd: UsdOf): PlantedItem[] {
  const code = ec.entity.code
  const totals = entityTotals(ctx, ec)
  const items: PlantedItem[] = []
  const add = (base: ItemBase, amount: number, lineGroup?: GroupKey) => {
    const amountUsd = usd(amount)
    const material = lineGroup ? Math.abs(amountUsd) >= thresholdsFor(ec.entity.country, lineGroup).lineItemUsd * 100 : undefined
    items.push({
      ...base,
      companyCode: code,
      amountLcy: truthDecimal(amount),
      amountUsd: truthDecimal(amountUsd),
      ...(material === undefined ? {} : { material }),
    })
  }
  for (const balance of groupBalances(ctx, ec)) {
    const status =
      Math.abs(usd(balance.unexplained)) >= thresholdsFor(ec.entity.country, balance.group.key).bucketUsd * 100 ? 'INVESTIGATE' : 'OK'
    add(
      {
        kind: 'tie-out',
        check: 'tie-out unexplained variance',
        key: `tie-out|${code}|${balance.group.key}`,
        role: 'planted-unexplained',
        detail: { group: balance.group.title, status },
      },
      balance.unexplained,
    )
  }
  const v = totals.vouchers
  const voucherItem = (kind: PlantedItemKind, finding: VoucherFinding, extra: Partial<ItemBase>) => ({
    kind,
    key: '',
    role: finding.role,
    detail: { voucherId: finding.voucherId, ...finding.detail },
    ...extra,
  })
  for (const f of v.timingLines)
    add(voucherItem('timing-line', f, { bridge: 'timing', key: `timing|${code}|${f.voucherId}` }), f.amount, 'voucher-liability')
  for (const f of v.timingCounted)
    add(
      voucherItem('timing-counted', f, { check: 'timing: zero difference, counted not listed', key: `timing|${code}|${f.voucherId}` }),
      f.amount,
    )
  for (const f of v.timingNotInScope)
    add(
      voucherItem('timing-not-in-scope', f, {
        check: 'timing diagnostic: Jdash vouchers not in scope',
        key: `timing-diagnostic|${code}|${f.voucherId}`,
      }),
      f.amount,
    )
  for (const f of v.vtcLines)
    add(voucherItem('vtc-line', f, { bridge: 'vtc', key: `vtc|${code}|${f.voucherId}` }), f.amount, 'voucher-liability')
  for (const f of v.vtcExcluded)
    add(voucherItem('vtc-excluded', f, { check: 'vtc: not a line', key: `vtc|${code}|${f.voucherId}` }), f.amount)
  const c = totals.customers
  for (const f of c.postingGroups) {
    add(
      {
        kind: 'posting-group-line',
        bridge: 'posting-group',
        key: `posting-group|${code}|${f.customerNo}`,
        role: f.role,
        detail: { customerNo: f.customerNo, balanceLcy: truthDecimal(f.balance), groups: f.groups.join(', ') },
      },
      0,
      'customer-ar',
    )
  }
  for (const f of c.businessLines) {
    const detail = { customerNo: f.customerNo, businessLine: f.line, balanceLcy: truthDecimal(f.balance), primary: f.primary }
    add(
      { kind: 'business-line-line', bridge: 'business-line', key: `business-line|${code}|${f.customerNo}|${f.line}`, role: f.role, detail },
      f.amount,
      'customer-ar',
    )
  }
  for (const f of c.businessLineNotListed) {
    add(
      {
        kind: 'business-line-not-listed',
        check: 'business line: a line under 0.01 is dropped',
        key: `business-line|${code}|${f.customerNo}`,
        role: f.role,
        detail: { customerNo: f.customerNo },
      },
      0,
    )
  }
  PLANTED_UNCATEGORIZED.forEach((row, k) => {
    const entryNo = uncategorizedEntryNo(k)
    add(
      {
        kind: 'uncategorized',
        check: 'categorization: uncategorized 18412 row',
        key: `uncategorized|${code}|${entryNo}`,
        role: row.role,
        detail: { entryNo, description: row.description },
      },
      lcyUnits(ec, row.usd),
    )
  })
  PLANTED_COLLECTION_ITEMS.forEach((item, slot) => {
    const related = plantedRelatedEntity(ec, slot)
    const detail = {
      relatedEntity: related,
      transactionType: item.transactionType,
      expectedRule: item.expectedRule,
      isPrepayment: item.isPrepayment ?? '0',
      source: item.source ?? 'Cash Rec',
      entity: item.entity ?? 'Transaction',
    }
    add(
      {
        kind: 'classification',
        check: 'classification of IPE_31',
        key: `classification|${code}|${related}`,
        role: item.expectedRule === 'UNCLASSIFIED' ? 'unclassifiable' : 'catalog-type',
        detail,
      },
      lcyUnits(ec, item.usd),
    )
  })
  return items
}
