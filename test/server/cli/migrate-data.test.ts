import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import { tempDir, tieout } from './cli.ts'

/** A data directory as the earlier SQLite-based server left it: its schema and a few records. */
function writeSqliteStore(dir: string): void {
  const db = new SQLite(join(dir, 'tieout.sqlite'))
  db.exec(`
    create table runs (id text primary key, workflow text not null, workflow_version text not null, input text not null,
      status text not null, preparer text not null, period text not null, entities text not null, idempotency_key text unique,
      created_at text not null, started_at text, finished_at text, error_code text, error_message text, result_path text,
      workbook_path text, evidence_path text, superseded_by text, manifest_sha256 text, appendix_head text,
      appendix_count integer not null default 0, signing_key_fingerprint text);
    create table run_entities (run_id text not null, entity text not null, primary key (run_id, entity));
    create table run_steps (run_id text not null, name text not null, position integer not null, status text not null,
      attempts integer not null default 0, started_at text, finished_at text, output_file text, sha256 text, summary text,
      error_code text, error_message text, primary key (run_id, name));
    create table step_attempts (run_id text not null, step text not null, attempt integer not null, started_at text not null,
      finished_at text, outcome text not null, error_code text, error_message text, transient integer not null default 0,
      next_retry_at text, primary key (run_id, step, attempt));
    create table api_tokens (id text primary key, name text not null, role text not null, token_sha256 text not null unique,
      created_at text not null, revoked_at text);
    create table reviews (id integer primary key autoincrement, run_id text not null, line_key text not null, entity text not null,
      period text not null, status text not null, comment text not null, reviewer text not null, at text not null);
    create table signoffs (id integer primary key autoincrement, run_id text not null, reviewer text not null, comment text not null,
      at text not null, superseded integer not null default 0, superseded_by text, reopened_by text, reopened_at text, reopen_reason text);
  `)
  const run = db.prepare(`insert into runs (id, workflow, workflow_version, input, status, preparer, period, entities, created_at,
    finished_at, manifest_sha256, appendix_head, appendix_count, signing_key_fingerprint) values (?, 'reconcile', '3', '{}', ?, 'alice',
    '2025-09', 'EC_NG', '2025-10-01T08:00:00.000Z', ?, ?, ?, ?, ?)`)
  run.run('done', 'succeeded', '2025-10-01T08:05:00.000Z', 'm'.repeat(64), 'h'.repeat(64), 2, 'k'.repeat(64))
  run.run('half', 'running', null, null, null, 0, null)
  db.prepare(`insert into run_entities values ('done', 'EC_NG')`).run()
  db.prepare(`insert into run_steps (run_id, name, position, status, attempts) values ('done', 'compute', 0, 'succeeded', 1)`).run()
  db.prepare(`insert into api_tokens values ('t1', 'ops-bot', 'preparer', ?, '2025-10-01T08:00:00.000Z', null)`).run('s'.repeat(64))
  const review = db.prepare(`insert into reviews (run_id, line_key, entity, period, status, comment, reviewer, at)
    values ('done', 'timing|EC_NG|V-1', 'EC_NG', '2025-09', ?, ?, 'bob', ?)`)
  review.run('Needs info', 'ask ops', '2025-10-02T08:00:00.000Z')
  review.run('Explained', 'cut-off', '2025-10-03T08:00:00.000Z')
  db.prepare(`insert into signoffs (run_id, reviewer, comment, at) values ('done', 'carol', 'ok', '2025-10-04T08:00:00.000Z')`).run()
  db.close()
}

describe('tieout migrate-data --from-sqlite', () => {
  let database: TestDatabase
  afterEach(async () => database?.drop())

  it('copies runs, reviews (in order), sign-offs, tokens and evidence anchors; an unfinished run is recorded as failed; a second copy is refused', async () => {
    const dir = await tempDir('migrate')
    writeSqliteStore(dir)
    database = await createTestDatabase()
    const env = { TIEOUT_DATABASE_URL: database.url }
    const outcome = await tieout(['migrate-data', '--from-sqlite', dir, '--data-dir', dir], env)
    expect(outcome.code, outcome.stderr).toBe(0)
    expect(outcome.stderr).toContain('2 runs, 1 run_entities, 1 run_steps, 0 step_attempts, 1 api_tokens, 2 reviews, 1 signoffs')

    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const runs = await client.query(
      'select id, status, error_message, manifest_sha256, appendix_head, appendix_count from tieout.runs order by id',
    )
    const reviews = await client.query('select status, comment from tieout.reviews order by id')
    const tokens = await client.query('select name, role from tieout.api_tokens')
    await client.end()
    expect(runs.rows).toEqual([
      {
        id: 'done',
        status: 'succeeded',
        error_message: null,
        manifest_sha256: 'm'.repeat(64),
        appendix_head: 'h'.repeat(64),
        appendix_count: 2,
      },
      {
        id: 'half',
        status: 'failed',
        error_message: 'not finished before the state store moved to PostgreSQL; start the run again',
        manifest_sha256: null,
        appendix_head: null,
        appendix_count: 0,
      },
    ])
    expect(reviews.rows).toEqual([
      { status: 'Needs info', comment: 'ask ops' },
      { status: 'Explained', comment: 'cut-off' },
    ])
    expect(tokens.rows).toEqual([{ name: 'ops-bot', role: 'preparer' }])

    const again = await tieout(['migrate-data', '--from-sqlite', dir, '--data-dir', dir], env)
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('the target state store already holds 2 run(s): migrate into an empty one')
  })

  it('into another data directory, the evidence store of that directory receives the packages', async () => {
    const dir = await tempDir('migrate-from')
    writeSqliteStore(dir)
    const target = join(await tempDir('migrate-to'), 'data')
    database = await createTestDatabase()
    const outcome = await tieout(['migrate-data', '--from-sqlite', dir, '--data-dir', target], { TIEOUT_DATABASE_URL: database.url })
    expect(outcome.code, outcome.stderr).toBe(0)
    expect(outcome.stderr).toContain(`evidence copied to ${target}: 0 package(s), 0 fileset(s), 0 already there`)
  })

  it('a folder without tieout.sqlite is a usage error naming the file', async () => {
    const dir = await tempDir('migrate-empty')
    const outcome = await tieout(['migrate-data', '--from-sqlite', dir])
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain(`${join(dir, 'tieout.sqlite')} does not exist`)
  })
})
