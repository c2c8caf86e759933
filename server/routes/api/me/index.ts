import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MeSchema } from '../../../../shared/api/common.ts'
import { errorResponses } from '../../../schemas/common.ts'

/** `GET /api/me`: the caller's identity and roles (any authenticated caller). */
const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('', { schema: { tags: ['reference'], summary: 'Who the token belongs to', response: { 200: MeSchema, ...errorResponses(401) } } }, async (request) => {
    const { id, roles, via } = request.principal!
    return { id, roles: [...roles], via }
  })
}

export default meRoutes
