import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  RunDetailSchema,
  RunListQuerySchema,
  RunListSchema,
  StartRunBodySchema,
  StartRunResponseSchema,
} from '../../../../shared/api/runs.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import { errorResponses, IdempotencyHeadersSchema, RunIdParamsSchema } from '../../../schemas/common.ts'
import { principalOf } from '../../request-principal.ts'
import { assertUsableSource } from './source-checks.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'

/** `/api/runs`: start, list, inspect and cancel runs. */
const runsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    {
      config: { roles: ['preparer'] },
      schema: {
        tags: ['runs'],
        summary: 'Start a reconciliation run (repeat with the same Idempotency-Key to get the same run)',
        headers: IdempotencyHeadersSchema,
        body: StartRunBodySchema,
        response: { 202: StartRunResponseSchema, ...errorResponses(400, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const preparer = principalOf(request).id
      await assertUsableSource(request.body.source, app.config, app.filesets)
      const run = await app.runs.start(request.body, preparer, request.headers['idempotency-key'])
      return reply.code(202).send(run)
    },
  )

  app.get(
    '',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['runs'],
        summary: 'List runs, newest first',
        querystring: RunListQuerySchema,
        response: { 200: RunListSchema, ...errorResponses(400) },
      },
    },
    async (request) => ({ runs: await app.runs.list(request.query) }),
  )

  app.get(
    '/:id',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['runs'],
        summary: 'A run: status, input, period dates, steps with attempts, timings and errors, sign-offs',
        params: RunIdParamsSchema,
        response: { 200: RunDetailSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => app.runs.detail(request.params.id),
  )

  app.post(
    '/:id/cancel',
    {
      config: { roles: ['preparer'] },
      schema: {
        tags: ['runs'],
        summary: 'Cancel a queued or running run (its preparer or an admin); in-flight queries are cancelled',
        params: RunIdParamsSchema,
        response: { 200: StartRunResponseSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params
      const caller = principalOf(request)
      const run = await app.runs.get(id)
      if (run.preparer !== caller.id && !caller.roles.includes('admin')) {
        throw new TieoutError('TIEOUT_ERR_FORBIDDEN', {
          detail: `${caller.id} may not cancel run ${id}: only its preparer (${run.preparer}) or an admin may`,
        })
      }
      if (!(await app.engine.cancel(id))) {
        const latest = await app.runs.get(id)
        throw new TieoutError('TIEOUT_ERR_CONFLICT', { detail: `run ${id} has already finished (${latest.status})` })
      }
      return { id, status: (await app.runs.get(id)).status }
    },
  )
}

export default runsRoutes
