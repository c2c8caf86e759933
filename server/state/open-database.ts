import { existsSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { TieoutError } from '../../shared/errors.ts'
import { ensurePrivateDir, restrictFile, restrictUmask } from './private-files.ts'
import { migrationProvider } from './migrations.ts'
import { withStatementCache } from './statement-cache.ts'
import type { Database } from './tables.ts'

export const STATE_FILE = 'tieout.sqlite'

/**
 * Opens (creating when absent) the state store in the data directory and migrates it to the
 * current schema; the data directory is owner-only (0700), the store 0600. WAL lets readers (status polls) proceed while the engine writes its journal.
 */
export async function openDatabase(dataDir: string): Promise<Kysely<Database>> {
  restrictUmask()
  ensurePrivateDir(dataDir)
  const file = join(dataDir, STATE_FILE)
  const sqlite = new SQLite(file)
  // The WAL and shared-memory files follow the umask; the store itself may predate it.
  if (existsSync(file)) restrictFile(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  await migrate(db)
  return db
}

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error === undefined) return
  const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown'
  throw new TieoutError(
    'TIEOUT_ERR_BAD_CONFIG',
    { file: STATE_FILE, detail: `migration ${failed} failed: ${String(error)}` },
    { cause: error },
  )
}
