import { join, resolve } from 'node:path'
import type { Kysely } from 'kysely'
import { TieoutError } from '../../shared/errors.ts'
import { createEmbeddedEngine, type EmbeddedEngineOptions } from '../engine/embedded-engine.ts'
import type { RunEngine } from '../engine/engine.ts'
import { openDatabase } from '../plugins/external/db/open-database.ts'
import type { Database } from '../plugins/external/db/tables.ts'
import { createDemoSource } from '../sources/demo.ts'
import { createFilesSource } from '../sources/files.ts'
import type { Source } from '../sources/source.ts'
import { withJdashFiles } from '../sources/with-jdash.ts'
import { PRODUCT_VERSION } from '../version.ts'
import { loadConfigBundle, type ConfigBundle } from './config-bundle.ts'
import { createReconcileWorkflow, type ReconcileDeps } from './reconcile.ts'
import type { RetryPolicy, RunInput } from './workflow.ts'

/**
 * What runs reconciliations, for the CLI and the server alike: the state store, the engine with
 * the reconcile workflow registered, and the sources each run opens (and closes when it settles).
 */
export type ReconcileRuntime = {
  readonly dataDir: string
  readonly db: Kysely<Database>
  readonly engine: RunEngine
  readonly config: ConfigBundle
  readonly runDir: (runId: string) => string
  readonly evidenceRoot: string
  readonly filesetDir: (filesetId: string) => string
  close(): Promise<void>
}

export type RuntimeOptions = {
  readonly dataDir: string
  readonly configDir?: string
  readonly concurrency?: number
  readonly retry?: RetryPolicy | null
  /** Opens a SQL Server source; absent when SQL Server is not configured. */
  readonly openMssql?: () => Source
  readonly logger?: EmbeddedEngineOptions['logger']
  /** An existing state store (the server's); otherwise one is opened in the data directory. */
  readonly db?: Kysely<Database>
}

export async function openReconcileRuntime(options: RuntimeOptions): Promise<ReconcileRuntime> {
  const dataDir = resolve(options.dataDir)
  const config = await loadConfigBundle(options.configDir)
  const db = options.db ?? (await openDatabase(dataDir))
  const runsDir = join(dataDir, 'runs')
  const evidenceRoot = join(dataDir, 'evidence')
  const filesetDir = (filesetId: string) => join(dataDir, 'filesets', filesetId)
  const sources = new Map<string, Promise<Source>>()
  const deps: ReconcileDeps = {
    config,
    productVersion: PRODUCT_VERSION,
    evidenceChainRoot: evidenceRoot,
    openSource: (runId, input) => {
      let source = sources.get(runId)
      if (!source) sources.set(runId, (source = Promise.resolve().then(() => openSource(input, options, filesetDir))))
      return source
    },
    ...(options.retry ? { retry: options.retry } : {}),
  }
  const engine = createEmbeddedEngine({
    db,
    runsDir,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  })
  engine.register(createReconcileWorkflow(deps))
  engine.onEvent((event) => {
    if (event.type !== 'run-finished') return
    const source = sources.get(event.runId)
    sources.delete(event.runId)
    void source?.then((opened) => opened.close()).catch(() => undefined)
  })
  return {
    dataDir,
    db,
    engine,
    config,
    runDir: (runId) => join(runsDir, runId),
    evidenceRoot,
    filesetDir,
    close: async () => {
      await engine.close()
      await Promise.all([...sources.values()].map((source) => source.then((opened) => opened.close()).catch(() => undefined)))
      if (!options.db) await db.destroy()
    },
  }
}

function openSource(input: RunInput, options: RuntimeOptions, filesetDir: (id: string) => string): Source {
  const source = input.source
  switch (source.kind) {
    case 'demo':
      return createDemoSource(source.seed === undefined ? { scale: source.scale } : { scale: source.scale, seed: source.seed })
    case 'files':
      return createFilesSource(resolve(source.dir))
    case 'fileset':
      return createFilesSource(filesetDir(source.filesetId))
    case 'mssql': {
      if (!options.openMssql) throw new TieoutError('TIEOUT_ERR_SOURCE_UNAVAILABLE', { detail: 'SQL Server is not configured (set TIEOUT_MSSQL_SERVER and the other TIEOUT_MSSQL_* variables)' })
      const jdashDir = source.jdashFilesetId ? filesetDir(source.jdashFilesetId) : source.jdashDir ? resolve(source.jdashDir) : null
      return withJdashFiles(options.openMssql(), jdashDir ? createFilesSource(jdashDir) : null)
    }
  }
}
