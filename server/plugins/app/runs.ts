import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { RunStatus, StartRunBody } from '../../../shared/api/runs.ts'
import { TieoutError } from '../../../shared/errors.ts'
import { createRunsRepository, type RunsRepository } from './runs/repository.ts'
import { createDetailCache } from './runs/detail-cache.ts'
import { runInputOf } from './runs/start-request.ts'

declare module 'fastify' {
  interface FastifyInstance {
    runs: RunsRepository & {
      /** Validates and starts a run of the app's run workflow; returns its id and current status. */
      start(body: StartRunBody, preparer: string, idempotencyKey?: string): Promise<{ id: string; status: RunStatus }>
      /** Drops the cached detail of a run changed outside the engine (reviews, sign-off). */
      invalidate(runId: string): void
    }
  }
}

/** methodology §8: superseding a signed-off run must be asked for explicitly. */
function supersedeRefused(signedOff: readonly { runId: string; reviewer: string; at: string }[]): TieoutError {
  const runs = signedOff.map((run) => `run ${run.runId} (signed off by ${run.reviewer} at ${run.at})`).join(', ')
  return new TieoutError('TIEOUT_ERR_CONFLICT', {
    detail: `a new run would supersede the signed-off ${runs}; send "supersedeSignedOff": true to supersede it`,
  })
}

export type RunsPluginOptions = {
  /** The workflow `POST /api/runs` starts (`reconcile` unless the app is told otherwise). */
  readonly workflow: string
}

export default fp(
  async function runsPlugin(app: FastifyInstance, options: RunsPluginOptions) {
    const repository = createRunsRepository(app.db)
    async function start(body: StartRunBody, preparer: string, idempotencyKey?: string) {
      const input = runInputOf(body, preparer, await app.entities.list(), app.config)
      const signedOff = await repository.signedOffInScope(input.period, input.entities.join(','))
      if (signedOff.length > 0 && body.supersedeSignedOff !== true) throw supersedeRefused(signedOff)
      const supersedes = signedOff.length > 0 ? { supersedesSignedOff: signedOff.map((run) => run.runId) } : {}
      const id = await app.engine.start(options.workflow, { ...input, ...supersedes }, { idempotencyKey })
      return { id, status: (await repository.get(id)).status }
    }
    const details = createDetailCache()
    const stop = app.engine.onEvent((event) => details.invalidate(event.runId))
    app.addHook('onClose', async () => stop())
    app.decorate('runs', {
      ...repository,
      start,
      detail: (id: string) => details.get(id, repository.detail),
      invalidate: details.invalidate,
    })
  },
  { name: 'runs', dependencies: ['db', 'engine', 'services', 'env'] },
)
