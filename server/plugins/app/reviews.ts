import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { PutReviewsBody, ReviewEntry } from '../../../shared/api/reviews.ts'
import type { Signoff } from '../../../shared/api/runs.ts'
import { TieoutError } from '../../../shared/errors.ts'
import { signoffView } from './runs/views.ts'
import { createReviewsRepository } from './reviews/repository.ts'
import { assertSignoffAllowed, openMaterialItems, reviewsOf } from './reviews/rules.ts'

declare module 'fastify' {
  interface FastifyInstance {
    reviews: ReturnType<typeof createReviewService>
  }
}

/** A 409 that lists the material items still Open, so the reviewer sees what blocks sign-off. */
export class OpenItemsError extends TieoutError {
  constructor(
    runId: string,
    readonly openItems: readonly string[],
  ) {
    super('TIEOUT_ERR_CONFLICT', {
      detail: `run ${runId} has ${openItems.length} material item(s) still Open: ${openItems.slice(0, 20).join(', ')}${openItems.length > 20 ? ', …' : ''}`,
    })
  }
}

function createReviewService(app: FastifyInstance, now: () => Date) {
  const repository = createReviewsRepository(app.db)

  async function list(runId: string, withHistory: boolean): Promise<{ reviews: ReviewEntry[]; history?: ReviewEntry[] }> {
    const run = await app.runs.get(runId)
    const reviews = await repository.latest(run)
    return withHistory ? { reviews, history: await repository.history(run) } : { reviews }
  }

  async function put(runId: string, reviewer: string, body: PutReviewsBody): Promise<ReviewEntry[]> {
    const run = await app.runs.get(runId)
    const reviews = reviewsOf(run, body, await app.results.reviewLines(run))
    const at = now().toISOString()
    return repository.append(run, reviewer, reviews, at, (entries) =>
      app.evidence.append(run.id, { kind: 'reviews', runId: run.id, reviewer, at, reviews: entries }),
    )
  }

  async function signOff(runId: string, reviewer: string, comment: string): Promise<Signoff> {
    const run = await app.runs.get(runId)
    assertSignoffAllowed(run, reviewer, await repository.signoffs(run.id))
    const open = openMaterialItems(await app.results.reviewLines(run), await repository.latest(run))
    if (open.length > 0) throw new OpenItemsError(run.id, open)
    const at = now().toISOString()
    const row = await repository.recordSignoff({ runId: run.id, reviewer, comment, at }, () =>
      app.evidence.append(run.id, { kind: 'signoff', runId: run.id, reviewer, at, comment }),
    )
    app.runs.invalidate(run.id)
    return signoffView(row)
  }

  async function supersedeOlder(runId: string): Promise<string[]> {
    const superseded = await repository.supersedeOlder(await app.runs.get(runId))
    for (const id of superseded) app.runs.invalidate(id)
    return superseded
  }

  return { list, put, signOff, supersedeOlder }
}

export type ReviewsPluginOptions = { readonly now?: () => Date }

export default fp(
  async function reviewsPlugin(app: FastifyInstance, options: ReviewsPluginOptions) {
    const service = createReviewService(app, options.now ?? (() => new Date()))
    app.decorate('reviews', service)
    const pending = new Set<Promise<unknown>>()
    const stop = app.engine.onEvent((event) => {
      if (event.type !== 'run-finished' || event.status !== 'succeeded') return
      const superseding = service
        .supersedeOlder(event.runId)
        .catch((error: unknown) => app.log.error({ err: error, runId: event.runId }, 'could not supersede older runs'))
        .finally(() => pending.delete(superseding))
      pending.add(superseding)
    })
    app.addHook('onClose', async () => {
      stop()
      await Promise.all(pending)
    })
  },
  { name: 'reviews', dependencies: ['db', 'engine', 'runs', 'results', 'services'] },
)
