import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { TOKEN_NAME_PATTERN } from '../../../../shared/api/common.ts'
import { CreateTokenBodySchema, TokenCreatedSchema, TokenListSchema } from '../../../../shared/api/tokens.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import { errorResponses } from '../../../schemas/common.ts'

const TokenNameParamsSchema = Type.Object({ name: Type.String({ pattern: TOKEN_NAME_PATTERN }) }, { additionalProperties: false })

/** `/api/tokens` (admin): issue, list and revoke API tokens for automation. */
const tokensRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Issue an API token; the secret is shown only in this response',
        body: CreateTokenBodySchema,
        response: { 201: TokenCreatedSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await app.tokens.create(request.body)),
  )

  app.get(
    '',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'API tokens (names and roles, never secrets)',
        response: { 200: TokenListSchema, ...errorResponses() },
      },
    },
    async () => ({ tokens: await app.tokens.list() }),
  )

  app.delete(
    '/:name',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Revoke the active API token of that name',
        params: TokenNameParamsSchema,
        response: { 204: Type.Null(), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      if (!(await app.tokens.revoke(request.params.name))) {
        throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `active API token ${request.params.name}` })
      }
      return reply.code(204).send(null)
    },
  )
}

export default tokensRoutes
