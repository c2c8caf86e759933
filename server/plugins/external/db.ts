import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import { openDatabase } from '../../state/open-database.ts'
import type { Database } from '../../state/tables.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
  }
}

export type DbPluginOptions = { readonly dataDir: string }

/** The state store (SQLite through Kysely), migrated at start and closed last. */
export default fp(
  async function dbPlugin(app: FastifyInstance, options: DbPluginOptions) {
    const db = await openDatabase(options.dataDir)
    app.decorate('db', db)
    app.addHook('onClose', async () => db.destroy())
  },
  { name: 'db' },
)
