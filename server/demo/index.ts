import type { ExtractId } from '../../shared/extracts/schema.ts'
import { createContext, type DemoOptions } from './context.ts'
import { demoRowsOf } from './generators.ts'
import { buildGroundTruth } from './truth/ground-truth.ts'
import type { GroundTruth } from './truth/ground-truth-types.ts'

/**
 * The built-in demo data (methodology §9): every extract for the demo entities and any period, at any
 * scale, deterministic for a seed, with the discrepancies listed in the ground truth planted and
 * everything else clean.
 */
export type { DemoOptions } from './context.ts'
export type { EntityTruth, GroundTruth, GroupTruth, PlantedItem } from './truth/ground-truth-types.ts'
export { demoHeader } from './generators.ts'
export { writeDemoData, type DemoFile } from './write.ts'

/**
 * Rows of one extract in `demoHeader` order, generated lazily: values as a source emits them
 * (money as numbers with at most two decimals, ISO date texts, 0/1 flags, null). Rows of the
 * requested companies come first, then rows of the out-of-scope companies, which a run ignores.
 */
export function demoRows(extract: ExtractId, options: DemoOptions): Iterable<unknown[]> {
  return demoRowsOf(createContext(options), extract)
}

/** What was planted and what a run with the default configuration must find (JSON-serialisable). */
export function demoGroundTruth(options: DemoOptions): GroundTruth {
  return buildGroundTruth(createContext(options))
}
