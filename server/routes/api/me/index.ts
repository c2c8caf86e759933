import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MeSchema } from '../../../../shared/api/common.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'
import { errorResponses } from '../../../schemas/common.ts'
import { principalOf } from '../../request-principal.ts'

/** `GET /api/me`: the caller's identity and roles (any authenticated caller). */
const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { roles: ANY_ROLE },
      schema: { tags: ['reference'], summary: 'Who the token belongs to', response: { 200: MeSchema, ...errorResponses(401) } },
    },
    async (request) => {
      const { id, roles, via } = principalOf(request)
      return { id, roles: [...roles], via }
    },
  )
}

export default meRoutes
