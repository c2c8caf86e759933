import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { TieoutError } from '../../shared/errors.ts'
import { migrationProvider } from './migrations.ts'
import { withStatementCache } from './statement-cache.ts'
import type { Database } from './tables.ts'

export const STATE_FILE = 'tieout.sqlite'

/**
 * Opens (creating when absent) the state store in the data directory and migrates it to the
 * current schema. WAL lets readers (status polls) proceed while the engine writes its journal.
 */
export async function openDatabase(dataDir: string): Promise<Kysely<Database>> {
  mkdirSync(dataDir, { recursive: true })
  const sqlite = new SQLite(join(dataDir, STATE_FILE))
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
