import { join, resolve } from 'node:path'
import type { Kysely } from 'kysely'
import { TieoutError } from '../../shared/errors.ts'
import { createDbosEngine, type DbosEngineOptions } from '../engine/dbos-engine.ts'
import { evidenceStoreConfig, type EvidenceStoreConfig } from '../config.ts'
import { DEFAULT_KEY_FILE, type EvidenceSigner, loadOrCreateSigner } from '../evidence/signing.ts'
import { createEvidenceStore, filesetCacheDir, type EvidenceStore } from '../evidence/store/index.ts'
import { createFilesetStore, type FilesetStore } from '../filesets/store.ts'
import type { RunEngine } from '../engine/engine.ts'
import { openStateStore } from '../state/open-store.ts'
import type { Database } from '../state/tables.ts'
import { createDemoSource } from '../sources/demo.ts'
import { createFilesSource } from '../sources/files.ts'
import type { Source } from '../sources/source.ts'
import { withJdashFiles } from '../sources/with-jdash.ts'
import { PRODUCT_VERSION } from '../version.ts'
import { loadConfigBundle, type ConfigBundle } from '../run/config-bundle.ts'
import { createReconcileWorkflow } from '../run/reconcile.ts'
import type { RetryPolicy, RunInput, WorkflowDef } from '../engine/workflow.ts'

/**
 * The reconcile workflow with what it needs (configuration, sources, the evidence root), shared
 * by the CLI and the server so both run the same code. Each run opens its source once; it is
 * closed when the run finishes.
 */
export type ReconcileSetup = {
  readonly dataDir: string
  readonly config: ConfigBundle
  readonly workflow: WorkflowDef
  readonly runsDir: string
  readonly evidenceRoot: string
  /** The Ed25519 key that signs every package's appendix records and seal. */
  readonly signer: EvidenceSigner
  /** Where packages and uploaded filesets are published (the data directory or Azure Blob Storage). */
  readonly evidenceStore: EvidenceStore
  readonly filesets: FilesetStore
  /** The fileset's local folder, filled from the evidence store when needed. */
  readonly filesetDir: (filesetId: string) => Promise<string>
  /** Closes the source of a finished run. */
  readonly runFinished: (runId: string) => void
  readonly close: () => Promise<void>
}

export type SetupOptions = {
  readonly dataDir: string
  readonly configDir?: string
  readonly retry?: RetryPolicy | null
  /** Opens a SQL Server source; absent when SQL Server is not configured. */
  readonly openMssql?: () => Source
  /**
   * The appendix signing key (PEM, Ed25519); by default `TIEOUT_SIGNING_KEY_FILE`, else
   * `keys/evidence-signing-key.pem` in the data directory, created on first start (mode 0600).
   */
  readonly signingKeyFile?: string
  /** On the server: the files root; symbolic links in a files source must lead inside it. */
  readonly filesRoot?: string
  /** Default: from `TIEOUT_EVIDENCE_STORE` and its variables (the data directory when unset). */
  readonly evidenceStore?: EvidenceStoreConfig
}

export async function createReconcileSetup(options: SetupOptions): Promise<ReconcileSetup> {
  const dataDir = resolve(options.dataDir)
  const config = await loadConfigBundle(options.configDir)
  const evidenceRoot = join(dataDir, 'evidence')
  const signer = await loadOrCreateSigner(
    options.signingKeyFile ?? (process.env.TIEOUT_SIGNING_KEY_FILE || join(dataDir, DEFAULT_KEY_FILE)),
  )
  const evidenceStore = await createEvidenceStore(options.evidenceStore ?? evidenceStoreConfig(process.env), dataDir)
  const filesets = createFilesetStore(evidenceStore, filesetCacheDir(dataDir))
  const filesetDir = (filesetId: string) => filesets.localDir(filesetId)
  const sources = new Map<string, Promise<Source>>()
  const closeSource = (runId: string) => {
    const source = sources.get(runId)
    sources.delete(runId)
    return source?.then((opened) => opened.close()).catch(() => undefined)
  }
  const workflow = createReconcileWorkflow({
    config,
    productVersion: PRODUCT_VERSION,
    evidenceChainRoot: evidenceRoot,
    evidenceStore,
    signer,
    openSource: (runId, input) => {
      let source = sources.get(runId)
      if (!source) sources.set(runId, (source = Promise.resolve().then(() => openSource(input, options, filesetDir))))
      return source
    },
    ...(options.retry ? { retry: options.retry } : {}),
  })
  return {
    dataDir,
    config,
    workflow,
    runsDir: join(dataDir, 'runs'),
    evidenceRoot,
    signer,
    evidenceStore,
    filesets,
    filesetDir,
    runFinished: (runId) => void closeSource(runId),
    close: async () => {
      await Promise.all([...sources.keys()].map(closeSource))
    },
  }
}

async function openSource(input: RunInput, options: SetupOptions, filesetDir: (id: string) => Promise<string>): Promise<Source> {
  const source = input.source
  switch (source.kind) {
    case 'demo':
      return createDemoSource(source.seed === undefined ? { scale: source.scale } : { scale: source.scale, seed: source.seed })
    case 'files':
      return createFilesSource(resolve(source.dir), options.filesRoot === undefined ? {} : { linkRoot: options.filesRoot })
    case 'fileset':
      return createFilesSource(await filesetDir(source.filesetId))
    case 'mssql': {
      if (!options.openMssql)
        throw new TieoutError('TIEOUT_ERR_SOURCE_UNAVAILABLE', {
          detail: 'SQL Server is not configured (set TIEOUT_MSSQL_SERVER and the other TIEOUT_MSSQL_* variables)',
        })
      const jdashDir = source.jdashFilesetId ? await filesetDir(source.jdashFilesetId) : source.jdashDir ? resolve(source.jdashDir) : null
      return withJdashFiles(options.openMssql(), jdashDir ? createFilesSource(jdashDir) : null)
    }
  }
}

/** The CLI's runtime: the setup plus its own state store and engine in the data directory. */
export type ReconcileRuntime = ReconcileSetup & {
  readonly db: Kysely<Database>
  readonly engine: RunEngine
  readonly runDir: (runId: string) => string
}

export type RuntimeOptions = SetupOptions & {
  readonly concurrency?: number
  readonly logger?: DbosEngineOptions['logger']
  /** An external PostgreSQL (`TIEOUT_DATABASE_URL`); absent → the embedded server in the data dir. */
  readonly databaseUrl?: string | null
  readonly instanceId?: string
}

/** The state store and the run engine, launched: unfinished runs of this instance resume. */
export async function openReconcileRuntime(options: RuntimeOptions): Promise<ReconcileRuntime> {
  const setup = await createReconcileSetup(options)
  const store = await openStateStore({ dataDir: setup.dataDir, databaseUrl: options.databaseUrl ?? null })
  const engine = createDbosEngine({
    db: store.db,
    databaseUrl: store.url,
    runsDir: setup.runsDir,
    productVersion: PRODUCT_VERSION,
    instanceId: options.instanceId ?? 'cli',
    queueName: `tieout-cli-${options.instanceId ?? 'cli'}`,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  })
  engine.register(setup.workflow)
  engine.onEvent((event) => {
    if (event.type === 'run-finished') setup.runFinished(event.runId)
  })
  try {
    await engine.launch()
  } catch (error) {
    await store.close()
    throw error
  }
  return {
    ...setup,
    db: store.db,
    engine,
    runDir: (runId) => join(setup.runsDir, runId),
    close: async () => {
      await engine.close()
      await setup.close()
      await store.close()
    },
  }
}
