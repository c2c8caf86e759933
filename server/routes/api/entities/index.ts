import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EntitiesResponseSchema } from '../../../../shared/api/catalog.ts'
import { errorResponses } from '../../../schemas/common.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'

/** `GET /api/entities`: the entity master; only in-scope entities can be reconciled. */
const entitiesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { roles: ANY_ROLE },
      schema: { tags: ['reference'], summary: 'The entity master', response: { 200: EntitiesResponseSchema, ...errorResponses(503) } },
    },
    async () => ({ entities: [...(await app.entities.list())] }),
  )
}

export default entitiesRoutes
