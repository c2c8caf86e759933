import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, rawJsonSchema } from '../../../schemas/common.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'

const ConfigViewSchema = rawJsonSchema('account map, thresholds and rule catalog, each with its file and SHA-256')

/** `GET /api/config`: the configuration a run would use, as the configuration module reports it. */
const configRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['reference'],
        summary: 'Account map, thresholds, rule catalog with hashes',
        response: { 200: ConfigViewSchema, ...errorResponses() },
      },
    },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send(Buffer.from(JSON.stringify(await app.configView()))),
  )
}

export default configRoutes
