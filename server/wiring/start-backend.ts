import type { ServerConfig } from '../config.ts'
import type { DemoToken } from '../plugins/app/auth/tokens.ts'
import { startServer, type RunningServer, type ServerOptions } from '../server.ts'
import { mssqlConfigFromEnv } from '../sources/mssql-config.ts'
import { checkConnection, createMssqlSource } from '../sources/mssql.ts'
import { createDemoSource } from '../sources/demo.ts'
import type { Source } from '../sources/source.ts'
import { createReconcileSetup } from './runtime.ts'
import { createAppServices } from './services.ts'

/**
 * The backend as `tieout serve` and `npm start` run it: the reconcile workflow on the server's
 * engine, the demo or SQL Server entity master, readiness of SQL Server when it is the source.
 */
export async function startBackend(
  config: ServerConfig,
  options: ServerOptions & { env?: NodeJS.ProcessEnv; configDir?: string; onDemoTokens?: (tokens: readonly DemoToken[]) => void } = {},
): Promise<RunningServer> {
  const env = options.env ?? process.env
  const sqlServer = config.defaultSource === 'mssql' || env.TIEOUT_MSSQL_SERVER !== undefined
  const openMssql = sqlServer ? () => createMssqlSource(mssqlConfigFromEnv(env)) : undefined
  const setup = await createReconcileSetup({
    dataDir: config.dataDir,
    filesRoot: config.filesRoot,
    retry: config.retry,
    ...(config.evidenceStore ? { evidenceStore: config.evidenceStore } : {}),
    ...(options.configDir ? { configDir: options.configDir } : {}),
    ...(openMssql ? { openMssql } : {}),
  })
  const masterSource = (): Source => (config.defaultSource === 'mssql' && openMssql ? openMssql() : createDemoSource({ scale: 1 }))
  const readiness = sqlServer ? [{ name: 'sqlserver', check: () => sqlServerReady(env) }] : []
  const server = await startServer(
    config,
    {
      services: createAppServices(setup, { masterSource, readiness }),
      workflows: [setup.workflow],
      ...(options.onDemoTokens ? { onDemoTokens: options.onDemoTokens } : {}),
    },
    options,
  )
  server.app.engine.onEvent((event) => {
    if (event.type === 'run-finished') setup.runFinished(event.runId)
  })
  return {
    ...server,
    close: async () => {
      await server.close()
      await setup.close()
    },
  }
}

async function sqlServerReady(env: NodeJS.ProcessEnv): Promise<void> {
  const check = await checkConnection(mssqlConfigFromEnv(env))
  if (!check.ok) throw new Error(`SQL Server ${check.server}/${check.database}: ${check.error?.message ?? 'unreachable'}`)
}
