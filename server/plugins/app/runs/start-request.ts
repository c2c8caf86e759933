import { isAbsolute, relative, resolve } from 'node:path'
import type { Entity } from '../../../../shared/api/catalog.ts'
import type { RunSourceRequest, StartRunBody } from '../../../../shared/api/runs.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import { parsePeriod } from '../../../../shared/period.ts'
import type { ServerConfig } from '../../../config.ts'
import type { RunInput, RunSource } from '../../../engine/workflow.ts'

/**
 * Turns a validated `POST /api/runs` body into the run's input: the period in its canonical form,
 * entities checked against the entity master (in scope, deduplicated, sorted) and the source with
 * its defaults. Anything unusable is a 400 naming the field; nothing is journaled.
 */
export function runInputOf(
  body: StartRunBody,
  preparer: string,
  master: readonly Entity[],
  config: Pick<ServerConfig, 'defaultSource' | 'filesRoot'>,
): RunInput {
  const period = parsePeriod(body.period).period
  return { period, entities: checkEntities(body.entities, master), source: sourceOf(body.source, config), preparer }
}

function checkEntities(requested: readonly string[], master: readonly Entity[]): string[] {
  const byCode = new Map(master.map((entity) => [entity.companyCode, entity]))
  for (const code of requested) {
    const entity = byCode.get(code)
    if (!entity) throw new TieoutError('TIEOUT_ERR_UNKNOWN_ENTITY', { entity: code })
    if (!entity.inConsoScope) throw new TieoutError('TIEOUT_ERR_ENTITY_OUT_OF_SCOPE', { entity: code })
  }
  return [...new Set(requested)].sort()
}

function sourceOf(source: RunSourceRequest | undefined, config: Pick<ServerConfig, 'defaultSource' | 'filesRoot'>): RunSource {
  if (source === undefined) {
    if (config.defaultSource === 'files') {
      throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: 'source: required (the server has no default folder of files)' })
    }
    return config.defaultSource === 'demo' ? { kind: 'demo', scale: 1 } : { kind: 'mssql' }
  }
  assertFieldsOf(source)
  switch (source.kind) {
    case 'demo':
      return source.seed === undefined
        ? { kind: 'demo', scale: source.scale ?? 1 }
        : { kind: 'demo', scale: source.scale ?? 1, seed: source.seed }
    case 'files':
      return { kind: 'files', dir: insideFilesRoot(source.dir ?? '', config.filesRoot) }
    case 'fileset':
      return { kind: 'fileset', filesetId: source.filesetId ?? '' }
    case 'mssql':
      return { kind: 'mssql' }
  }
}

const SOURCE_FIELDS: Readonly<Record<RunSourceRequest['kind'], { required: readonly string[]; allowed: readonly string[] }>> = {
  demo: { required: [], allowed: ['scale', 'seed'] },
  files: { required: ['dir'], allowed: ['dir'] },
  fileset: { required: ['filesetId'], allowed: ['filesetId'] },
  mssql: { required: [], allowed: [] },
}

function assertFieldsOf(source: RunSourceRequest): void {
  const fields = SOURCE_FIELDS[source.kind]
  for (const name of fields.required) {
    if (!(name in source)) throw badSource(`source.${name}: is required for kind ${source.kind}`)
  }
  for (const name of Object.keys(source)) {
    if (name !== 'kind' && !fields.allowed.includes(name)) throw badSource(`source.${name}: not allowed for kind ${source.kind}`)
  }
}

function badSource(detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail })
}

/** A client names a folder on the server: only below the configured files root. */
function insideFilesRoot(dir: string, root: string): string {
  const path = resolve(root, dir)
  const rel = relative(root, path)
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: 'source.dir: must be a folder inside the files root (TIEOUT_FILES_ROOT)' })
  }
  return path
}
