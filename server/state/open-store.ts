import { Kysely, Migrator, PostgresDialect } from 'kysely'
import pg from 'pg'
import { TieoutError } from '../../shared/errors.ts'
import { startEmbeddedPostgres, type PostgresServer } from './embedded-postgres.ts'
import { migrationProvider, STATE_SCHEMA } from './migrations.ts'
import { ensurePrivateDir, restrictUmask } from './private-files.ts'
import type { Database } from './tables.ts'

/** The state store: the product's tables in PostgreSQL, beside the run engine's own schema. */
export type StateStore = {
  readonly db: Kysely<Database>
  /** The database's connection string (the run engine keeps its tables in the same database). */
  readonly url: string
  /** True when this process started the embedded server (one instance, its own data). */
  readonly embedded: boolean
  close(): Promise<void>
}

export type StateStoreOptions = {
  readonly dataDir: string
  /** An external PostgreSQL (`TIEOUT_DATABASE_URL`); absent → the embedded server in the data dir. */
  readonly databaseUrl?: string | null
  readonly log?: (line: string) => void
}

/**
 * Opens the state store and migrates it to the current schema. Without a database URL the
 * embedded PostgreSQL is started in the data directory (owner-only, kept between starts) and
 * stopped by `close()`.
 */
export async function openStateStore(options: StateStoreOptions): Promise<StateStore> {
  restrictUmask()
  ensurePrivateDir(options.dataDir)
  const server: PostgresServer | null = options.databaseUrl ? null : await startEmbeddedPostgres(options.dataDir, options.log)
  const url = options.databaseUrl ?? server?.url ?? ''
  try {
    const db = await connectState(url)
    return {
      db,
      url,
      embedded: server !== null,
      close: async () => {
        await db.destroy()
        await server?.stop()
      },
    }
  } catch (error) {
    await server?.stop()
    throw error
  }
}

/** A Kysely handle on the product's schema of the database at `url`, migrated. */
export async function connectState(url: string): Promise<Kysely<Database>> {
  await createSchema(url)
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${STATE_SCHEMA}` })
  // A server restart ends connections with an error event: the pool replaces idle ones, and a
  // connection in use fails its next query instead of crashing the process.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  await migrate(db)
  return db
}

async function createSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    await client.query(`create schema if not exists ${STATE_SCHEMA}`)
  } catch (error) {
    throw new TieoutError(
      'TIEOUT_ERR_BAD_CONFIG',
      { file: 'TIEOUT_DATABASE_URL', detail: `PostgreSQL not reachable: ${error instanceof Error ? error.message : String(error)}` },
      { cause: error },
    )
  } finally {
    await client.end().catch(() => {})
  }
}

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: STATE_SCHEMA })
  const { error, results } = await migrator.migrateToLatest()
  if (error === undefined) return
  const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown'
  throw new TieoutError(
    'TIEOUT_ERR_BAD_CONFIG',
    { file: `schema ${STATE_SCHEMA}`, detail: `migration ${failed} failed: ${String(error)}` },
    { cause: error },
  )
}
