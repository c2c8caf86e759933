import { realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { RunSourceRequest } from '../../../../shared/api/runs.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import type { ServerConfig } from '../../../config.ts'
import { assertRunnableFileset, type FilesetStore } from '../../../filesets/store.ts'

type SourceConfig = Pick<ServerConfig, 'dataDir' | 'filesRoot' | 'defaultSource' | 'mssqlConfigured'>

/**
 * The checks a run's source must pass before the run is journaled: a `files` folder exists inside
 * the files root (links followed), a fileset passed its checks, SQL Server is configured. Messages
 * name folders relative to the files root, never as a path on the server.
 */
export async function assertUsableSource(
  source: RunSourceRequest | undefined,
  config: SourceConfig,
  filesets?: Pick<FilesetStore, 'assertUsable'>,
): Promise<void> {
  const kind = source?.kind ?? config.defaultSource
  if (kind === 'mssql' && config.mssqlConfigured !== true) {
    throw new TieoutError('TIEOUT_ERR_CONFLICT', {
      detail: 'source: SQL Server is not configured on this server (TIEOUT_MSSQL_SERVER and the other TIEOUT_MSSQL_* variables)',
    })
  }
  if (source?.kind === 'files' && typeof source.dir === 'string') await assertFilesFolder(source.dir, config.filesRoot)
  await assertRunnableFileset(config.dataDir, source, filesets)
}

async function assertFilesFolder(dir: string, root: string): Promise<void> {
  if (dir.includes('\0')) throw badDir('must not contain a NUL character')
  if (dir.trim() === '') throw badDir('must name a folder inside the files root')
  const path = resolve(root, dir)
  if (!inside(root, path)) throw badDir(`"${dir}" is outside the files root (TIEOUT_FILES_ROOT): give a folder relative to it`)
  const info = await stat(path).catch(() => null)
  if (info === null) throw badDir(`folder "${dir}" not found in the files root`)
  if (!info.isDirectory()) throw badDir(`"${dir}" is a file, not a folder`)
  // A link inside the root may lead anywhere: where it really goes must be inside too.
  const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)])
  if (!inside(realRoot, realPath)) throw badDir(`"${dir}" leads outside the files root (a symbolic link)`)
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

function badDir(problem: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `source.dir: ${problem}` })
}
