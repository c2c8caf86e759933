import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createEmbeddedEngine, type EmbeddedEngineOptions } from '../../engine/embedded-engine.ts'
import type { RunEngine } from '../../engine/engine.ts'
import type { WorkflowDef } from '../../engine/workflow.ts'

declare module 'fastify' {
  interface FastifyInstance {
    engine: RunEngine
  }
}

export type EnginePluginOptions = {
  readonly workflows: readonly WorkflowDef[]
  /** Resume unfinished runs once every plugin (and so every workflow) is registered. */
  readonly resumeOnStart: boolean
  /** Test seams: sleep, random, clock. */
  readonly overrides?: Partial<EmbeddedEngineOptions>
}

export default fp(
  async function enginePlugin(app: FastifyInstance, options: EnginePluginOptions) {
    const engine = createEmbeddedEngine({
      db: app.db,
      runsDir: join(app.config.dataDir, 'runs'),
      concurrency: app.config.engineConcurrency,
      retry: app.config.retry,
      logger: app.log,
      ...options.overrides,
    })
    for (const workflow of options.workflows) engine.register(workflow)
    app.decorate('engine', engine)
    if (options.resumeOnStart) {
      app.addHook('onReady', async () => {
        const resumed = await engine.resumeUnfinished()
        if (resumed.length > 0) app.log.info({ runs: resumed }, 'resumed unfinished runs')
      })
    }
    // Registered after the db plugin, so it closes first: in-flight steps stop before the store does.
    app.addHook('onClose', async () => engine.close())
  },
  { name: 'engine', dependencies: ['db', 'env'] },
)
