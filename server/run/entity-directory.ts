import { join } from 'node:path'
import type { Entity } from '../../shared/api/catalog.ts'
import { ENTITIES } from '../../shared/extracts/catalog.ts'
import { TieoutError } from '../../shared/errors.ts'
import { parsePeriod } from '../../shared/period.ts'
import { readExtractRows } from '../extracts/canonical-reader.ts'
import { ingestExtract } from '../extracts/ingest.ts'
import type { Source } from '../sources/source.ts'

export interface EntityDirectory {
  /** The entity master (methodology §2): only in-scope entities can be reconciled. */
  list(): Promise<readonly Entity[]>
}

export type EntityDirectoryDeps = {
  /** Where the extract is written while it is read. */
  readonly cacheDir: string
  /** Country code → currency, from configuration. */
  readonly currencies: ReadonlyMap<string, string>
  /** The default source; opened for each read and closed after it. */
  readonly masterSource: () => Source
}

const MASTER_TTL_MS = 5 * 60_000

/**
 * The entity master of the default source, with each country's currency from configuration;
 * read through the same quality checks as a run's ENTITIES extract, cached for a few minutes.
 */
export function createEntityDirectory(deps: EntityDirectoryDeps): EntityDirectory {
  let cached: { at: number; entities: Promise<readonly Entity[]> } | null = null
  const load = async (): Promise<readonly Entity[]> => readEntityMaster(deps, deps.masterSource())
  return {
    list: () => {
      if (!cached || Date.now() - cached.at > MASTER_TTL_MS) {
        const entities = load()
        cached = { at: Date.now(), entities }
        entities.catch(() => (cached = null))
      }
      return cached.entities
    },
  }
}

/** The entity master a source holds, each country's currency from configuration (the ENTITIES checks apply). */
export async function readEntityMaster(deps: Pick<EntityDirectoryDeps, 'cacheDir' | 'currencies'>, source: Source): Promise<Entity[]> {
  const file = join(deps.cacheDir, `ENTITIES-${process.pid}.csv`)
  try {
    const params = { period: parsePeriod('2000-01'), companies: [], glAccounts: [] }
    const stream = await source.read({ extract: 'ENTITIES', params, signal: AbortSignal.timeout(60_000) })
    const outcome = await ingestExtract({ def: ENTITIES, stream, outPath: file, signal: AbortSignal.timeout(60_000) })
    if (!outcome.passed)
      throw new TieoutError('TIEOUT_ERR_DATA_QUALITY', { detail: outcome.quality.issues.map((issue) => issue.message).join('; ') })
    const entities: Entity[] = []
    for await (const row of readExtractRows(ENTITIES, file)) {
      const countryCode = (row.countryCode ?? '').trim().toUpperCase()
      entities.push({
        companyCode: (row.companyCode ?? '').trim(),
        name: row.name ?? '',
        countryCode,
        currency: deps.currencies.get(countryCode) ?? null,
        inConsoScope: row.inConsoScope === true,
      })
    }
    return entities.sort((a, b) => (a.companyCode < b.companyCode ? -1 : 1))
  } finally {
    await source.close()
  }
}
