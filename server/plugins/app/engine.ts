import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createDbosEngine, type DbosEngineOptions } from '../../engine/dbos-engine.ts'
import type { RunEngine } from '../../engine/engine.ts'
import type { WorkflowDef } from '../../engine/workflow.ts'
import { PRODUCT_VERSION } from '../../version.ts'

declare module 'fastify' {
  interface FastifyInstance {
    engine: RunEngine
  }
}

export type EnginePluginOptions = {
  readonly workflows: readonly WorkflowDef[]
  /** Test seams: sleep, random, clock, queue polling. */
  readonly overrides?: Partial<DbosEngineOptions>
}

export default fp(
  async function enginePlugin(app: FastifyInstance, options: EnginePluginOptions) {
    const { config } = app
    const engine = createDbosEngine({
      db: app.db,
      databaseUrl: app.databaseUrl,
      runsDir: config.runsDir,
      instanceId: config.instanceId,
      productVersion: PRODUCT_VERSION,
      concurrency: config.engineConcurrency,
      runConcurrency: config.runConcurrency,
      instanceRunConcurrency: config.instanceRunConcurrency,
      retry: config.retry,
      logger: app.log,
      ...options.overrides,
    })
    for (const workflow of options.workflows) engine.register(workflow)
    app.decorate('engine', engine)
    // Once every plugin (and so every workflow) is registered: recover, then take queued runs.
    app.addHook('onReady', async () => engine.launch())
    // Registered after the db plugin, so it closes first: in-flight steps stop before the store does.
    app.addHook('onClose', async () => engine.close())
  },
  { name: 'engine', dependencies: ['db', 'env'] },
)
