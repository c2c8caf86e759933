import { EXTRACTS } from '../../shared/extracts/catalog.ts'
import { columnNames, type ExtractId } from '../../shared/extracts/schema.ts'
import type { DemoContext } from './context.ts'
import { navEntryRowsOf } from './extracts/cr03.ts'
import { balanceRows } from './extracts/cr04.ts'
import { fxRateRows } from './extracts/cr05.ts'
import { entityRows } from './extracts/entities.ts'
import { customerEntryRows } from './extracts/ipe07.ts'
import { voucherRows } from './extracts/ipe08.ts'
import { voucherUsageRows } from './extracts/ipe08-usage.ts'
import { prepaymentRows } from './extracts/ipe10.ts'
import { accruedRevenueRows } from './extracts/ipe11.ts'
import { packageRows } from './extracts/ipe12.ts'
import { collectionItemRows } from './extracts/ipe31.ts'
import { refundCaseRows } from './extracts/ipe34.ts'
import { jdashRows } from './extracts/jdash.ts'

const GENERATORS: Readonly<Record<ExtractId, (ctx: DemoContext) => Iterable<unknown[]>>> = {
  ENTITIES: () => entityRows(),
  CR_03: navEntryRowsOf,
  CR_04: balanceRows,
  CR_05: fxRateRows,
  IPE_07: customerEntryRows,
  IPE_08: voucherRows,
  IPE_08_USAGE: voucherUsageRows,
  IPE_10: prepaymentRows,
  IPE_11: accruedRevenueRows,
  IPE_12: packageRows,
  IPE_31: collectionItemRows,
  IPE_34: refundCaseRows,
  JDASH: jdashRows,
}

/** Column names of the catalog, in order: the header of every demo extract. */
export function demoHeader(extract: ExtractId): readonly string[] {
  return columnNames(EXTRACTS[extract])
}

/** Rows of an extract from an existing context (contexts memoise the totals CR_04 needs). */
export function demoRowsOf(ctx: DemoContext, extract: ExtractId): Iterable<unknown[]> {
  return GENERATORS[extract](ctx)
}
