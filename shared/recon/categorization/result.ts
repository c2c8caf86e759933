import { centsToDecimal } from '../../money.ts'
import type { CategorizationResult } from '../../result/types.ts'
import type { CategorizationSummary } from './summary.ts'

/** The listing parts of a summary as published in result.json (money as decimal strings). */
export function toCategorizationResult(summary: CategorizationSummary): CategorizationResult {
  return {
    counts: summary.counts.map((line) => ({
      companyCode: line.companyCode,
      category: line.category,
      voucherType: line.voucherType,
      rule: line.rule,
      count: line.count,
      amountLcy: centsToDecimal(line.amountLcy),
    })),
    uncategorized: summary.uncategorized.map((entry) => ({
      ...entry,
      amountLcy: entry.amountLcy === null ? null : centsToDecimal(entry.amountLcy),
    })),
    otherAccountRows: summary.otherAccountRows,
    unmappedBusinessUses: summary.unmappedBusinessUses.map((use) => ({ ...use })),
    vouchersNotFound: summary.vouchersNotFound.map((voucher) => ({ ...voucher })),
  }
}
