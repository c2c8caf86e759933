import { readFile } from 'node:fs/promises'
import { EXTRACT_IDS, JDASH } from '../../shared/extracts/catalog.ts'
import type { ExtractDef, ExtractId, RowOf } from '../../shared/extracts/schema.ts'
import { jdashUsageTally, type JdashUsage } from '../../shared/recon/bridges/index.ts'
import { dataQualityError } from '../../shared/errors.ts'
import type { ResolvedEntity } from '../../shared/entities.ts'
import { forEachRow, type ReadOptions } from '../extracts/canonical-reader.ts'
import type { ExtractInfo } from './extract-step.ts'
import { runPaths } from './run-files.ts'

/** The extract files of a run, read back for the compute step with the run's company filter. */
export type RunExtracts = {
  readonly infos: ReadonlyMap<ExtractId, ExtractInfo>
  isPresent(id: ExtractId): boolean
  /** Every row of the run's companies (or of all, for the entity master), in file order. */
  rows<E extends ExtractDef>(def: E, options?: { allCompanies?: boolean }): Promise<RowOf<E>[]>
  /** Streams rows without holding them (CR_03). */
  forEach<E extends ExtractDef>(def: E, onRow: (row: RowOf<E>) => void): Promise<void>
  /**
   * Streams rows holding only `fields`, the others not decoded (a few columns of a wide extract);
   * rows `where` leaves out are only counted.
   */
  forEachOf<E extends ExtractDef, K extends keyof RowOf<E> & string>(
    def: E,
    fields: readonly K[],
    onRow: (row: Pick<RowOf<E>, K>) => void,
    where?: ReadOptions['where'],
  ): Promise<{ filtered: number }>
}

export async function openRunExtracts(runDir: string, companies: ReadonlySet<string>, signal: AbortSignal): Promise<RunExtracts> {
  const paths = runPaths(runDir)
  const infos = new Map<ExtractId, ExtractInfo>()
  for (const id of EXTRACT_IDS) infos.set(id, JSON.parse(await readFile(paths.extractInfo(id), 'utf8')) as ExtractInfo)
  const isPresent = (id: ExtractId) => infos.get(id)?.present === true
  const read = async <E extends ExtractDef>(
    def: E,
    onRow: (row: RowOf<E>) => void,
    allCompanies = false,
    narrow: Pick<ReadOptions, 'fields' | 'where'> = {},
  ) => {
    const options = { ...(allCompanies ? {} : { companies }), signal, ...narrow }
    return isPresent(def.id) ? await forEachRow(def, paths.extractCsv(def.id), options, onRow) : { rows: 0, skipped: 0, filtered: 0 }
  }
  const forEach = async <E extends ExtractDef>(def: E, onRow: (row: RowOf<E>) => void) => {
    await read(def, onRow)
  }
  const rows = async <E extends ExtractDef>(def: E, options: { allCompanies?: boolean } = {}) => {
    const all: RowOf<E>[] = []
    await read(def, (row) => all.push(row), options.allCompanies)
    return all
  }
  const forEachOf = async <E extends ExtractDef, K extends keyof RowOf<E> & string>(
    def: E,
    fields: readonly K[],
    onRow: (row: Pick<RowOf<E>, K>) => void,
    where?: ReadOptions['where'],
  ) => {
    const { filtered } = await read(def, onRow, false, { fields: new Set<string>(fields), ...(where ? { where } : {}) })
    return { filtered }
  }
  return { infos, isPresent, rows, forEach, forEachOf }
}

function companyOf(row: unknown): string {
  const company = (row as { companyCode?: string | null }).companyCode
  return (company ?? '').trim()
}

/**
 * Jdash usage per entity (methodology §11), summed as Jdash is read: rows go by their `ID_COMPANY`
 * (or the per-company file they came from); a single-entity run may use a file without company; a
 * multi-entity run cannot guess.
 */
export async function jdashUsageByEntity(extracts: RunExtracts, entities: readonly ResolvedEntity[]): Promise<Map<string, JdashUsage>> {
  const tallies = new Map(entities.map((entity) => [entity.companyCode, jdashUsageTally()]))
  const first = entities[0] === undefined ? undefined : tallies.get(entities[0].companyCode)
  let unattributed = 0
  await extracts.forEach(JDASH, (row) => {
    const company = companyOf(row)
    if (company === '') unattributed += 1
    ;(company === '' ? first : tallies.get(company))?.add(row)
  })
  if (unattributed > 0 && entities.length > 1) {
    throw dataQualityError(
      `JDASH: ${unattributed} row(s) have no ID_COMPANY, so they cannot be attributed in a run of ${entities.length} entities; ` +
        'add an ID_COMPANY column or supply one file per company named JDASH_<companyCode>.csv',
    )
  }
  return new Map([...tallies].map(([company, tally]) => [company, tally.usage]))
}
