import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { evidenceStoreConfig } from '../config.ts'
import { copyEvidence } from '../evidence/store/copy.ts'
import { createEvidenceStore } from '../evidence/store/index.ts'
import { createLocalStore } from '../evidence/store/local-store.ts'
import { openStateStore } from '../state/open-store.ts'
import type { Database } from '../state/tables.ts'
import { parseCommand, requireString, UsageError } from './args.ts'

const HELP = `Usage: tieout migrate-data --from-sqlite DIR [--data-dir DIR]

Copies the runs, steps, attempts, reviews, sign-offs, API tokens and evidence anchors (manifest
hash, appendix head and count, signing key) of an earlier data directory's SQLite store
(DIR/tieout.sqlite) into the PostgreSQL state store: the embedded one of --data-dir (default
TIEOUT_DATA_DIR or ./data), or TIEOUT_DATABASE_URL. Evidence packages stay where they are with the
same data directory, or the packages and filesets are copied into the evidence store of --data-dir
(TIEOUT_EVIDENCE_STORE=azure: the container), byte for byte; copy keys/ along. Runs that
had not finished are recorded as failed: start them again. The target must hold no runs yet.`

/** Tables in the order their references need; ids of reviews and sign-offs are renumbered in order. */
const TABLES = ['runs', 'run_entities', 'run_steps', 'step_attempts', 'api_tokens', 'reviews', 'signoffs'] as const

export async function run(argv: string[]): Promise<number> {
  const { options } = parseCommand(argv, {
    'from-sqlite': { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (options.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const from = resolve(requireString(options, 'from-sqlite'))
  const file = join(from, 'tieout.sqlite')
  if (!existsSync(file)) throw new UsageError(`--from-sqlite: ${file} does not exist`)
  const dataDir = resolve(typeof options['data-dir'] === 'string' ? options['data-dir'] : (process.env.TIEOUT_DATA_DIR ?? 'data'))
  const source = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true, fileMustExist: true }) }),
  })
  const store = await openStateStore({ dataDir, databaseUrl: process.env.TIEOUT_DATABASE_URL || null })
  try {
    const existing = await store.db
      .selectFrom('runs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    if (Number(existing.n) > 0) throw new UsageError(`the target state store already holds ${existing.n} run(s): migrate into an empty one`)
    const copied = await copyTables(source, store.db, new Date().toISOString())
    process.stderr.write(`copied from ${file}: ${TABLES.map((table) => `${copied[table]} ${table}`).join(', ')}\n`)
    const target = await createEvidenceStore(evidenceStoreConfig(), dataDir)
    if (target.kind !== 'local' || from !== dataDir) {
      const evidence = await copyEvidence(createLocalStore(from), target)
      process.stderr.write(
        `evidence copied to ${target.location}: ${evidence.packages} package(s), ${evidence.filesets} fileset(s), ${evidence.unchanged} already there\n`,
      )
    }
    return 0
  } finally {
    await source.destroy()
    await store.close()
  }
}

async function copyTables(source: Kysely<Database>, db: Kysely<Database>, at: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  await db.transaction().execute(async (trx) => {
    for (const table of TABLES) {
      const rows = (await source
        .selectFrom(table)
        .selectAll()
        .orderBy(sql`rowid`)
        .execute()) as Record<string, unknown>[]
      counts[table] = rows.length
      for (let start = 0; start < rows.length; start += 500) {
        const chunk = rows.slice(start, start + 500).map((row) => rowFor(table, row, at))
        // Rows are copied column by column as the earlier store wrote them.
        await trx
          .insertInto(table)
          .values(chunk as never)
          .execute()
      }
    }
  })
  return counts
}

/** Identity ids are given anew (in the same order); an unfinished run cannot resume its journal here. */
function rowFor(table: (typeof TABLES)[number], row: Record<string, unknown>, at: string): Record<string, unknown> {
  if (table === 'reviews' || table === 'signoffs') {
    const { id: _id, ...rest } = row
    return rest
  }
  if (table === 'runs' && (row.status === 'queued' || row.status === 'running')) {
    return {
      ...row,
      status: 'failed',
      finished_at: at,
      error_code: 'TIEOUT_ERR_CONFLICT',
      error_message: 'not finished before the state store moved to PostgreSQL; start the run again',
    }
  }
  return row
}
