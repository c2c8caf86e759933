import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { Entity } from '../../shared/api/catalog.ts'
import type { RunInput } from '../engine/workflow.ts'
import { readEntityMaster } from '../run/entity-directory.ts'
import { createDemoSource } from '../sources/demo.ts'
import { createFilesSource } from '../sources/files.ts'
import { mssqlConfigFromEnv } from '../sources/mssql-config.ts'
import type { Source } from '../sources/source.ts'
import type { ReconcileSetup } from '../wiring/runtime.ts'
import { UsageError } from './args.ts'

/** `--source files:DIR`: the folder must exist before a run is journaled. */
export function assertFilesFolder(input: RunInput): void {
  if (input.source.kind !== 'files') return
  const dir = input.source.dir
  if (dir.includes('\0')) throw new UsageError('--source: the folder name must not contain a NUL character')
  const info = statOrNull(dir)
  if (info === null) throw new UsageError(`--source: folder "${dir}" not found`)
  if (!info.isDirectory()) throw new UsageError(`--source: "${dir}" is a file, not a folder`)
}

/** `--source mssql`: the TIEOUT_MSSQL_* configuration must be complete before a run is journaled. */
export function assertMssqlConfigured(input: RunInput, env: NodeJS.ProcessEnv = process.env): void {
  if (input.source.kind !== 'mssql') return
  try {
    mssqlConfigFromEnv(env)
  } catch (error) {
    throw new UsageError(`--source mssql: ${(error as Error).message}`)
  }
}

/**
 * `--entities`: each must be an in-scope entity of the source's entity master, checked before the
 * run is journaled; the message lists the valid ones. SQL Server's master is read by the run.
 */
export async function assertKnownEntities(setup: Pick<ReconcileSetup, 'dataDir' | 'config'>, input: RunInput): Promise<void> {
  if (input.entities.length === 0) return
  const source = masterSource(input)
  if (source === null) return
  // An unreadable master fails the run's own ENTITIES step, with the extract's quality report.
  const master = await readEntityMaster({ cacheDir: join(setup.dataDir, 'cache'), currencies: setup.config.currencies }, source).catch(
    () => null,
  )
  if (master === null) return
  const valid = master.filter((entity) => entity.inConsoScope)
  const codes = new Set(valid.map((entity) => entity.companyCode))
  const unknown = input.entities.filter((code) => !codes.has(code))
  if (unknown.length === 0) return
  const outOfScope = unknown.filter((code) => master.some((entity: Entity) => entity.companyCode === code))
  const problem = unknown
    .map((code) => (outOfScope.includes(code) ? `${code} is not in consolidation scope` : `${code} is not in the entity master`))
    .join('; ')
  throw new UsageError(`--entities: ${problem}; valid entities: ${[...codes].join(', ')}`)
}

function masterSource(input: RunInput): Source | null {
  const source = input.source
  if (source.kind === 'demo')
    return createDemoSource(source.seed === undefined ? { scale: source.scale } : { scale: source.scale, seed: source.seed })
  if (source.kind === 'files') return createFilesSource(source.dir)
  return null
}

function statOrNull(path: string) {
  try {
    return statSync(path)
  } catch {
    return null
  }
}
