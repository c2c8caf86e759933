import { EXTRACTS } from '../../../shared/extracts/catalog.ts'
import { typedRowReader } from '../../../shared/extracts/reader.ts'
import type { ExtractId } from '../../../shared/extracts/schema.ts'
import type {
  Cr03Row,
  Cr04Row,
  Cr05Row,
  EntityRow,
  Ipe07Row,
  Ipe08Row,
  Ipe08UsageRow,
  Ipe10Row,
  Ipe11Row,
  Ipe12Row,
  Ipe31Row,
  Ipe34Row,
  JdashRow,
} from '../../../shared/extracts/rows.ts'
import { demoHeader, demoRows, type DemoOptions } from '../../../server/demo/index.ts'

/** Every demo extract read back through the catalog's typed readers, as a run would read it. */
export type DemoExtracts = {
  ENTITIES: EntityRow[]
  CR_03: Cr03Row[]
  CR_04: Cr04Row[]
  CR_05: Cr05Row[]
  IPE_07: Ipe07Row[]
  IPE_08: Ipe08Row[]
  IPE_08_USAGE: Ipe08UsageRow[]
  IPE_10: Ipe10Row[]
  IPE_11: Ipe11Row[]
  IPE_12: Ipe12Row[]
  IPE_31: Ipe31Row[]
  IPE_34: Ipe34Row[]
  JDASH: JdashRow[]
}

export function readTyped<K extends ExtractId>(extract: K, options: DemoOptions): DemoExtracts[K] {
  const read = typedRowReader(EXTRACTS[extract], demoHeader(extract))
  const rows: unknown[] = []
  let n = 0
  for (const record of demoRows(extract, options)) rows.push(read(record, ++n))
  return rows as DemoExtracts[K]
}

export function readAll(options: DemoOptions): DemoExtracts {
  return {
    ENTITIES: readTyped('ENTITIES', options),
    CR_03: readTyped('CR_03', options),
    CR_04: readTyped('CR_04', options),
    CR_05: readTyped('CR_05', options),
    IPE_07: readTyped('IPE_07', options),
    IPE_08: readTyped('IPE_08', options),
    IPE_08_USAGE: readTyped('IPE_08_USAGE', options),
    IPE_10: readTyped('IPE_10', options),
    IPE_11: readTyped('IPE_11', options),
    IPE_12: readTyped('IPE_12', options),
    IPE_31: readTyped('IPE_31', options),
    IPE_34: readTyped('IPE_34', options),
    JDASH: readTyped('JDASH', options),
  }
}
