import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  PutReviewsBodySchema,
  PutReviewsResponseSchema,
  ReopenBodySchema,
  ReopenResponseSchema,
  ReviewsQuerySchema,
  ReviewsResponseSchema,
  SignoffBodySchema,
} from '../../../../shared/api/reviews.ts'
import { SignoffSchema } from '../../../../shared/api/runs.ts'
import { errorResponses, RunIdParamsSchema } from '../../../schemas/common.ts'
import { principalOf } from '../../request-principal.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'

/** Reviews of result lines (append-only, carried forward) and the run's sign-off (methodology §8). */
const reviewsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:id/reviews',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['reviews'],
        summary: 'Latest review of each line key (carried forward from earlier runs); ?history=1 adds every record',
        params: RunIdParamsSchema,
        querystring: ReviewsQuerySchema,
        response: { 200: ReviewsResponseSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const history = request.query.history === '1' || request.query.history === 'true'
      return { runId: request.params.id, ...(await app.reviews.list(request.params.id, history)) }
    },
  )

  app.put(
    '/:id/reviews',
    {
      config: { roles: ['reviewer'] },
      schema: {
        tags: ['reviews'],
        summary: 'Record a batch of reviews; each is a new record, the reviewer is the caller (409 TIEOUT_ERR_SIGNED_OFF once signed off)',
        params: RunIdParamsSchema,
        body: PutReviewsBodySchema,
        response: { 200: PutReviewsResponseSchema, ...errorResponses(400, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      const saved = await app.reviews.put(request.params.id, principalOf(request).id, request.body)
      return { runId: request.params.id, saved: saved.length, reviews: saved }
    },
  )

  app.post(
    '/:id/signoff',
    {
      config: { roles: ['reviewer'] },
      // The body (an optional comment) may be left out entirely.
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: {
        tags: ['reviews'],
        summary: 'Sign off a succeeded run: reviewer ≠ preparer, no material item Open (409 lists them)',
        params: RunIdParamsSchema,
        body: SignoffBodySchema,
        response: { 201: SignoffSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const signoff = await app.reviews.signOff(request.params.id, principalOf(request).id, request.body.comment ?? '')
      return reply.code(201).send(signoff)
    },
  )

  app.post(
    '/:id/reopen',
    {
      config: { roles: ['reviewer'] },
      schema: {
        tags: ['reviews'],
        summary: 'Reopen the sign-off with a reason (an appendix record): reviews are taken again, a new sign-off is needed',
        params: RunIdParamsSchema,
        body: ReopenBodySchema,
        response: { 200: ReopenResponseSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => app.reviews.reopen(request.params.id, principalOf(request).id, request.body.reason),
  )
}

export default reviewsRoutes
