import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DBOS } from '@dbos-inc/dbos-sdk'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { RUN_QUEUE } from '../server/engine/dbos-engine.ts'
import { ensureDatabase, startEmbeddedPostgres } from '../server/state/embedded-postgres.ts'
import { connectState } from '../server/state/open-store.ts'
import { TEMPLATE_DATABASE } from './support/postgres.ts'

/**
 * One embedded PostgreSQL for the whole test run, with a template database already migrated (the
 * product's schema and DBOS's): each test copies it into a database of its own in milliseconds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'tieout-test-pg-'))
  const server = await startEmbeddedPostgres(dir)
  const adminUrl = withDatabase(server.url, 'postgres')
  await dropDatabase(adminUrl, TEMPLATE_DATABASE)
  await ensureDatabase(adminUrl, TEMPLATE_DATABASE)
  const templateUrl = withDatabase(server.url, TEMPLATE_DATABASE)
  const db = await connectState(templateUrl)
  await db.destroy()
  await DBOS.migrate(templateUrl)
  await registerRunQueue(templateUrl)
  project.provide('databaseAdminUrl', adminUrl)
  process.env.TIEOUT_TEST_DATABASE_ADMIN_URL = adminUrl
  return async () => {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A queue known at launch is served at once; one registered later waits for DBOS's next pass (1 s). */
async function registerRunQueue(url: string): Promise<void> {
  DBOS.setConfig({ name: 'tieout', systemDatabaseUrl: url, logger: { debug() {}, info() {}, warn() {}, error() {} } })
  await DBOS.launch()
  await DBOS.registerQueue(RUN_QUEUE, { minPollingIntervalMs: 20 })
  await DBOS.shutdown({ deregister: true })
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`)
  await client.end()
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseAdminUrl: string
  }
}
