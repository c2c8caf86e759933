import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

export const TEMPLATE_DATABASE = 'tieout_template'

/** A database of its own for one test, copied from the migrated template; `drop()` removes it. */
export type TestDatabase = { readonly url: string; drop(): Promise<void> }

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl')
  const name = `t_${randomBytes(6).toString('hex')}`
  await admin(adminUrl, `create database ${name} template ${TEMPLATE_DATABASE}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(adminUrl, `drop database if exists ${name} with (force)`) }
}

async function admin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
