import type { ExtractId } from '../extracts/schema.ts'
import { assertSafeCents, type Cents, ZERO_CENTS, addCents } from '../money.ts'
import { countsForTv, type AccountMap, type TvDefinition, type TvRow } from './account-map.ts'

/**
 * Target values per account group and company, in LCY cents (methodology §4). A group missing from
 * the map had no TV extract in the run (status NO_TV); a company missing from a group's map had
 * no rows in a present extract, so its TV is 0.
 */
export type TargetValues = ReadonlyMap<string, ReadonlyMap<string, Cents>>

/** Rows of each extract the run read; an extract absent here was not part of the run. */
export type ExtractRows = Partial<Record<ExtractId, Iterable<TvRow>>>

function companyOf(row: TvRow): string {
  const company = row.companyCode
  return typeof company === 'string' ? company.trim() : ''
}

/** Σ of the TV fields of one row; null amounts are skipped (methodology §11). */
function rowAmount(tv: TvDefinition, row: TvRow): Cents {
  let amount = ZERO_CENTS
  for (const field of tv.fields) {
    const value = row[field]
    // TV fields are money columns: parsed rows hold them as cents.
    if (typeof value === 'number') amount = addCents(amount, value as Cents)
  }
  return amount
}

/** TV of one group for one company: Σ over the company's rows that pass the group's filter. */
export function tvTotal(tv: TvDefinition, rows: Iterable<TvRow>, companyCode: string): Cents {
  let total = 0
  for (const row of rows) if (companyOf(row) === companyCode && countsForTv(tv, row)) total += rowAmount(tv, row)
  return assertSafeCents(total)
}

/** Every group's TV for every company, reading each extract once. */
export function targetValues(map: AccountMap, rowsByExtract: ExtractRows): TargetValues {
  const values = new Map<string, ReadonlyMap<string, Cents>>()
  for (const extract of new Set(map.groups.map((group) => group.tv.extract))) {
    const rows = rowsByExtract[extract]
    if (rows === undefined) continue
    const tally = targetValueTally(map, extract)
    for (const row of rows) tally.add(row)
    for (const [group, perCompany] of tally.values()) values.set(group, perCompany)
  }
  return values
}

/** The TV of the groups of one extract, summed row by row as the extract is read. */
export function targetValueTally(map: AccountMap, extract: ExtractId): { add(row: TvRow): void; values(): TargetValues } {
  const totals = map.groups
    .filter((group) => group.tv.extract === extract)
    .map((group) => ({ key: group.key, tv: group.tv, perCompany: new Map<string, Cents>() }))
  return {
    add: (row) => addRow(row, totals),
    values() {
      for (const { perCompany } of totals) for (const total of perCompany.values()) assertSafeCents(total)
      return new Map(totals.map(({ key, perCompany }) => [key, perCompany]))
    },
  }
}

function addRow(row: TvRow, totals: readonly { tv: TvDefinition; perCompany: Map<string, Cents> }[]): void {
  const company = companyOf(row)
  for (const { tv, perCompany } of totals) {
    if (!countsForTv(tv, row)) continue
    perCompany.set(company, addCents(perCompany.get(company) ?? ZERO_CENTS, rowAmount(tv, row)))
  }
}

/** `undefined` = NO_TV (extract not in the run); otherwise the company's TV, 0 without rows. */
export function tvOf(values: TargetValues, groupKey: string, companyCode: string): Cents | undefined {
  const perCompany = values.get(groupKey)
  return perCompany === undefined ? undefined : (perCompany.get(companyCode) ?? ZERO_CENTS)
}

/** One company's TV per group key, for `tieOutEntity`; NO_TV groups are left out. */
export function entityTargetValues(values: TargetValues, map: AccountMap, companyCode: string): Map<string, Cents> {
  const tv = new Map<string, Cents>()
  for (const group of map.groups) {
    const total = tvOf(values, group.key, companyCode)
    if (total !== undefined) tv.set(group.key, total)
  }
  return tv
}
