import type { Ipe08Row, Ipe08UsageRow } from '../extracts/rows.ts'
import { normalizeVoucherId } from './vouchers.ts'

/** Where a CR_03 `Voucher No_` was found (methodology §5 "looked-up type": IPE_08 first, then usage). */
export type VoucherMatch =
  { readonly found: true; readonly businessUse: string | null; readonly source: 'IPE_08' | 'IPE_08_USAGE' } | { readonly found: false }

export type VoucherLookup = {
  /** Finds a voucher by normalized id within one entity (methodology §11 "voucher ids"). */
  lookup(companyCode: string | null, voucherNo: string | null): VoucherMatch
}

const NOT_FOUND: VoucherMatch = { found: false }

type VoucherIndex = Map<string, Map<string, VoucherMatch>>

/**
 * One pass over IPE_08, then one over IPE_08_USAGE. The first row of a normalized id wins, so an
 * IPE_08 voucher is never shadowed by a usage row of the same id.
 */
export function createVoucherLookup(vouchers: Iterable<Ipe08Row>, usage: Iterable<Ipe08UsageRow>): VoucherLookup {
  const builder = createVoucherLookupBuilder()
  for (const row of vouchers) builder.addVoucher(row)
  for (const row of usage) builder.addUsage(row)
  return builder.lookup
}

/** The fields of an IPE_08 or usage row the lookup reads. */
export type VoucherFields = Pick<Ipe08Row, 'companyCode' | 'id' | 'businessUse'>

/** The same lookup built row by row, as the rows are read: every IPE_08 row first, then usage. */
export function createVoucherLookupBuilder(): {
  addVoucher(row: VoucherFields): void
  addUsage(row: VoucherFields): void
  readonly lookup: VoucherLookup
} {
  const index: VoucherIndex = new Map()
  const matches = createMatches()
  return {
    addVoucher: (row) => remember(index, matches, row.companyCode, row.id, row.businessUse, 'IPE_08'),
    addUsage: (row) => remember(index, matches, row.companyCode, row.id, row.businessUse, 'IPE_08_USAGE'),
    lookup: {
      lookup(companyCode, voucherNo) {
        const id = normalizeVoucherId(voucherNo)
        if (id === null) return NOT_FOUND
        return index.get(companyKey(companyCode))?.get(id) ?? NOT_FOUND
      },
    },
  }
}

function remember(
  index: VoucherIndex,
  matches: ReturnType<typeof createMatches>,
  companyCode: string | null,
  rawId: string | null,
  businessUse: string | null,
  source: 'IPE_08' | 'IPE_08_USAGE',
): void {
  const id = normalizeVoucherId(rawId)
  if (id === null) return
  const company = companyKey(companyCode)
  let ids = index.get(company)
  if (ids === undefined) {
    ids = new Map()
    index.set(company, ids)
  }
  if (!ids.has(id)) ids.set(id, matches.of(businessUse, source))
}

/**
 * Matches are shared: a few business uses times two sources, where a month-end holds millions of
 * vouchers, so the index holds one entry per id and no object per voucher.
 */
function createMatches() {
  const byKey = new Map<string, VoucherMatch>()
  return {
    of(businessUse: string | null, source: 'IPE_08' | 'IPE_08_USAGE'): VoucherMatch {
      const key = businessUse === null ? source : `${source}|${businessUse}`
      let match = byKey.get(key)
      if (match === undefined) {
        match = { found: true, businessUse, source }
        byKey.set(key, match)
      }
      return match
    },
  }
}

/** Company codes are compared trimmed; a missing code is its own (empty) entity. */
export function companyKey(companyCode: string | null): string {
  return (companyCode ?? '').trim()
}
