import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import { openStateStore } from '../../state/open-store.ts'
import type { Database } from '../../state/tables.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
    /** The database's connection string: the run engine keeps its checkpoints there too. */
    databaseUrl: string
  }
}

export type DbPluginOptions = { readonly dataDir: string; readonly databaseUrl: string | null }

/** The state store (PostgreSQL through Kysely; embedded unless a URL is given), migrated at start and closed last. */
export default fp(
  async function dbPlugin(app: FastifyInstance, options: DbPluginOptions) {
    const store = await openStateStore({ dataDir: options.dataDir, databaseUrl: options.databaseUrl })
    app.decorate('db', store.db)
    app.decorate('databaseUrl', store.url)
    app.addHook('onClose', async () => store.close())
  },
  { name: 'db' },
)
