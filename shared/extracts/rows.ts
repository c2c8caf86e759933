import type { RowOf } from './schema.ts'
import type * as catalog from './catalog.ts'

/** Typed rows of each extract, derived from the catalog: one declaration, every use. */
export type EntityRow = RowOf<typeof catalog.ENTITIES>
export type Cr03Row = RowOf<typeof catalog.CR_03>
export type Cr04Row = RowOf<typeof catalog.CR_04>
export type Cr05Row = RowOf<typeof catalog.CR_05>
export type Ipe07Row = RowOf<typeof catalog.IPE_07>
export type Ipe08Row = RowOf<typeof catalog.IPE_08>
export type Ipe08UsageRow = RowOf<typeof catalog.IPE_08_USAGE>
export type Ipe10Row = RowOf<typeof catalog.IPE_10>
export type Ipe11Row = RowOf<typeof catalog.IPE_11>
export type Ipe12Row = RowOf<typeof catalog.IPE_12>
export type Ipe31Row = RowOf<typeof catalog.IPE_31>
export type Ipe34Row = RowOf<typeof catalog.IPE_34>
export type JdashRow = RowOf<typeof catalog.JDASH>
