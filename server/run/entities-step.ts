import { ENTITIES } from '../../shared/extracts/catalog.ts'
import type { EntityRow } from '../../shared/extracts/rows.ts'
import { resolveEntities, type ResolvedEntity } from '../../shared/entities.ts'
import { readExtractRows } from '../extracts/canonical-reader.ts'
import type { ConfigBundle } from './config-bundle.ts'
import { readJson, runPaths, writeJsonAtomic } from './run-files.ts'
import type { StepContext } from '../engine/workflow.ts'

/**
 * Resolves the run's entities against the entity master just extracted: unknown or out-of-scope
 * codes fail the run before any large extract starts; no entities means every in-scope one.
 */
export async function resolveRunEntities(context: StepContext, config: ConfigBundle): Promise<readonly ResolvedEntity[]> {
  const paths = runPaths(context.runDir)
  const master: EntityRow[] = []
  for await (const row of readExtractRows(ENTITIES, paths.extractCsv('ENTITIES'), {})) master.push(row)
  const requested = context.input.entities.length > 0 ? [...context.input.entities] : 'all-in-scope'
  // Canonical order: the same entities give the same result whatever order they were asked in.
  const entities = resolveEntities(master, config.currencies, requested).sort((a, b) => (a.companyCode < b.companyCode ? -1 : 1))
  await writeJsonAtomic(paths.entities, entities)
  return entities
}

export async function readRunEntities(runDir: string): Promise<readonly ResolvedEntity[]> {
  return readJson<ResolvedEntity[]>(runPaths(runDir).entities)
}
