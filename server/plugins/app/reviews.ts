import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { OpenItem } from '../../../shared/api/common.ts'
import type { PutReviewsBody, ReopenResponse, ReviewEntry } from '../../../shared/api/reviews.ts'
import type { Signoff } from '../../../shared/api/runs.ts'
import { TieoutError } from '../../../shared/errors.ts'
import type { RunResult } from '../../../shared/result/types.ts'
import { carriedRunIds, withChangedAmountsOpen } from '../../../shared/sheets/line-amounts.ts'
import type { RunRow } from '../../state/tables.ts'
import { signoffView } from './runs/views.ts'
import { createReviewsRepository, signedOffError } from './reviews/repository.ts'
import { assertSignoffAllowed, openMaterialItems, reviewsOf } from './reviews/rules.ts'
import type { ReviewLine } from './review-lines.ts'

declare module 'fastify' {
  interface FastifyInstance {
    reviews: ReturnType<typeof createReviewService>
  }
}

/**
 * A 409 that lists the material items still Open (keys in `openItems`, described in `items`), so
 * the reviewer sees what blocks sign-off.
 */
export class OpenItemsError extends TieoutError {
  readonly openItems: readonly string[]
  readonly items: readonly OpenItem[]

  constructor(runId: string, lines: readonly ReviewLine[]) {
    const keys = lines.map((line) => line.key)
    super('TIEOUT_ERR_CONFLICT', {
      detail: `run ${runId} has ${keys.length} material item(s) still Open: ${keys.slice(0, 20).join(', ')}${keys.length > 20 ? ', …' : ''}`,
    })
    this.openItems = keys
    this.items = lines.map((line) => ({
      kind: line.kind,
      lineKey: line.key,
      bridge: line.bridge,
      entity: line.entity,
      businessKey: line.businessKey,
      amountUsd: line.amountUsd,
      description: line.description,
    }))
  }
}

/** Longest reopen reason kept (characters). */
export const REOPEN_REASON_MAX = 2_000

function createReviewService(app: FastifyInstance, now: () => Date) {
  const repository = createReviewsRepository(app.db)

  async function list(runId: string, withHistory: boolean): Promise<{ reviews: ReviewEntry[]; history?: ReviewEntry[] }> {
    const run = await app.runs.get(runId)
    const reviews = await repository.latest(run)
    return withHistory ? { reviews, history: await repository.history(run) } : { reviews }
  }

  async function put(runId: string, reviewer: string, body: PutReviewsBody): Promise<ReviewEntry[]> {
    const run = await app.runs.get(runId)
    const signed = await repository.currentSignoff(run.id)
    if (signed) throw signedOffError(signed)
    const reviews = reviewsOf(run, reviewer, body, await app.results.reviewLines(run))
    const at = now().toISOString()
    const saved = await repository.append(run, reviewer, reviews, at, (entries) =>
      app.evidence.append(run.id, { kind: 'reviews', runId: run.id, reviewer, at, reviews: entries }),
    )
    app.runs.invalidate(run.id)
    return saved
  }

  async function signOff(runId: string, reviewer: string, comment: string): Promise<Signoff> {
    const run = await app.runs.get(runId)
    assertSignoffAllowed(run, reviewer, await repository.signoffs(run.id))
    // A newer run of the same scope would supersede this sign-off the moment it finishes.
    const newer = await app.runs.newerInProgress(run)
    if (newer.length > 0) {
      throw new TieoutError('TIEOUT_ERR_CONFLICT', {
        detail: `run ${newer.join(', ')} of the same entities and period is in progress and will supersede run ${run.id}; sign off when it finishes, or cancel it`,
      })
    }
    const open = openMaterialItems(await app.results.reviewLines(run), await reviewsAsCounted(run), run.preparer)
    if (open.length > 0) throw new OpenItemsError(run.id, open)
    const at = now().toISOString()
    const row = await repository.recordSignoff({ runId: run.id, reviewer, comment, at }, () =>
      app.evidence.append(run.id, { kind: 'signoff', runId: run.id, reviewer, at, comment }),
    )
    app.runs.invalidate(run.id)
    return signoffView(row)
  }

  /** The latest reviews, a carried one Open again when its row's amount changed since (as the sheets show it). */
  async function reviewsAsCounted(run: RunRow): Promise<ReviewEntry[]> {
    const latest = await repository.latest(run)
    const earlier = new Map<string, RunResult>()
    for (const id of carriedRunIds(latest)) {
      const loaded = await app.runs
        .get(id)
        .then((earlierRun) => app.results.load(earlierRun))
        .catch(() => null)
      if (loaded !== null) earlier.set(id, loaded.result)
    }
    return withChangedAmountsOpen(latest, earlier, (await app.results.load(run)).result)
  }

  /** A reviewer reopens the run's sign-off with a reason (an appendix record); the run needs a new sign-off. */
  async function reopen(runId: string, reviewer: string, reason: string): Promise<ReopenResponse> {
    const run = await app.runs.get(runId)
    const text = reason.trim()
    if (text === '') throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: 'reason: must not be blank' })
    if (text.length > REOPEN_REASON_MAX)
      throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `reason: longer than ${REOPEN_REASON_MAX} characters` })
    const at = now().toISOString()
    await repository.reopen({ runId: run.id, reviewer, reason: text, at }, () =>
      app.evidence.append(run.id, { kind: 'reopen', runId: run.id, reviewer, at, reason: text }),
    )
    app.runs.invalidate(run.id)
    return { runId: run.id, reopenedBy: reviewer, at, reason: text }
  }

  async function supersedeOlder(runId: string): Promise<string[]> {
    const superseded = await repository.supersedeOlder(await app.runs.get(runId))
    for (const id of superseded) app.runs.invalidate(id)
    return superseded
  }

  return { list, put, signOff, reopen, supersedeOlder }
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
