import { type ColumnDefinitionBuilder, type Kysely, type Migration, type MigrationProvider, sql } from 'kysely'

/**
 * Schema migrations of the product's tables, in code so that the server needs no migration files
 * on disk. They live in their own PostgreSQL schema; the run engine keeps its tables in `dbos`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type AnyDb = Kysely<any>

export const STATE_SCHEMA = 'tieout'

const initial: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workflow', 'text', (c) => c.notNull())
      .addColumn('workflow_version', 'text', (c) => c.notNull())
      .addColumn('input', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('preparer', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('entities', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('result_path', 'text')
      .addColumn('workbook_path', 'text')
      .addColumn('evidence_path', 'text')
      .addColumn('superseded_by', 'text')
      .execute()
    await db.schema.createIndex('runs_period_entities').on('runs').columns(['period', 'entities']).execute()
    await db.schema.createIndex('runs_status').on('runs').column('status').execute()

    await db.schema
      .createTable('run_entities')
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
      .addColumn('entity', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_entities_pk', ['run_id', 'entity'])
      .execute()
    await db.schema.createIndex('run_entities_entity').on('run_entities').column('entity').execute()

    await db.schema
      .createTable('run_steps')
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('output_file', 'text')
      .addColumn('sha256', 'text')
      .addColumn('summary', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addPrimaryKeyConstraint('run_steps_pk', ['run_id', 'name'])
      .execute()

    await db.schema
      .createTable('step_attempts')
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('transient', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_retry_at', 'text')
      .addPrimaryKeyConstraint('step_attempts_pk', ['run_id', 'step', 'attempt'])
      .execute()

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute()
    await db.schema.createIndex('api_tokens_name').on('api_tokens').column('name').execute()

    await db.schema
      .createTable('reviews')
      .addColumn('id', 'integer', identity)
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
      .addColumn('line_key', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('reviewer', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('reviews_scope').on('reviews').columns(['period', 'entity', 'line_key']).execute()
    await db.schema.createIndex('reviews_run').on('reviews').column('run_id').execute()

    await db.schema
      .createTable('signoffs')
      .addColumn('id', 'integer', identity)
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
      .addColumn('reviewer', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('superseded', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('superseded_by', 'text')
      .execute()
    await db.schema.createIndex('signoffs_run').on('signoffs').column('run_id').execute()
  },
  async down(db: AnyDb) {
    for (const table of ['signoffs', 'reviews', 'api_tokens', 'step_attempts', 'run_steps', 'run_entities', 'runs']) {
      await db.schema.dropTable(table).ifExists().execute()
    }
  },
}

function identity(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
  return column.generatedAlwaysAsIdentity().primaryKey()
}

/**
 * The journal keeps what anchors each run's evidence outside the package (manifest hash, appendix
 * head and count, signing key), and a sign-off can be reopened.
 */
const evidenceAnchor: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('runs').addColumn('manifest_sha256', 'text').execute()
    await db.schema.alterTable('runs').addColumn('appendix_head', 'text').execute()
    await db.schema
      .alterTable('runs')
      .addColumn('appendix_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.alterTable('runs').addColumn('signing_key_fingerprint', 'text').execute()
    await db.schema.alterTable('signoffs').addColumn('reopened_by', 'text').execute()
    await db.schema.alterTable('signoffs').addColumn('reopened_at', 'text').execute()
    await db.schema.alterTable('signoffs').addColumn('reopen_reason', 'text').execute()
  },
  async down(db: AnyDb) {
    for (const column of ['reopened_by', 'reopened_at', 'reopen_reason'])
      await db.schema.alterTable('signoffs').dropColumn(column).execute()
    for (const column of ['manifest_sha256', 'appendix_head', 'appendix_count', 'signing_key_fingerprint']) {
      await db.schema.alterTable('runs').dropColumn(column).execute()
    }
  },
}

/**
 * Runs execute on any instance: each event of a run is kept (numbered per run) so that any instance
 * can replay and stream it; a run records the instance executing it, and why it is held when an
 * instance of another version left it unfinished.
 */
const sharedRuns: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('runs')
      .addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.alterTable('runs').addColumn('executor_id', 'text').execute()
    await db.schema.alterTable('runs').addColumn('held_reason', 'text').execute()
    await db.schema
      .createTable('run_events')
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('step', 'text')
      .addColumn('event', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_events_pk', ['run_id', 'seq'])
      .execute()
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('run_events').ifExists().execute()
    for (const column of ['event_seq', 'executor_id', 'held_reason']) await db.schema.alterTable('runs').dropColumn(column).execute()
  },
}

const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_evidence_anchor': evidenceAnchor,
  '0003_shared_runs': sharedRuns,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
}

/** A trivial statement for `/readyz`. */
export const PING = sql`select 1 as ok`
