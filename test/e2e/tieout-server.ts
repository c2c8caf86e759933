import type { Role } from '../../shared/api/common.ts'
import { loadConfig } from '../../server/config.ts'
import { startBackend } from '../../server/wiring/start-backend.ts'
import { createTestDatabase } from '../support/postgres.ts'

export type TieoutServer = {
  readonly url: string
  /** Plaintext demo token per role, as printed at server start. */
  readonly tokens: Readonly<Record<Role, string>>
  close(): Promise<void>
}

/** The real server on loopback, wired exactly as `tieout serve` wires it (demo source, demo tokens), on a test database. */
export async function startTieoutServer(dataDir: string, addinDir: string): Promise<TieoutServer> {
  const tokens: Partial<Record<Role, string>> = {}
  const database = await createTestDatabase()
  const config = loadConfig(
    {},
    { dataDir, databaseUrl: database.url, host: '127.0.0.1', port: 0, demo: true, addinDir, logLevel: 'warn', heartbeatMs: 1_000 },
  )
  const server = await startBackend(config, {
    env: {},
    logger: false,
    handleSignals: false,
    onDemoTokens: (demo) => {
      for (const token of demo) if (token.token) tokens[token.role] = token.token
    },
  })
  const close = async () => {
    await server.close()
    await database.drop()
  }
  return { url: server.url, tokens: tokens as Record<Role, string>, close }
}
