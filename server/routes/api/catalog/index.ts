import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type CatalogResponse, CatalogResponseSchema } from '../../../../shared/api/catalog.ts'
import { EXTRACTS } from '../../../../shared/extracts/catalog.ts'
import { errorResponses } from '../../../schemas/common.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'

/** The extract catalog is static: built once from its single declaration. */
const CATALOG: CatalogResponse = {
  extracts: Object.values(EXTRACTS).map((def) => ({
    id: def.id,
    title: def.title,
    grain: def.grain,
    origin: def.origin,
    parameters: [...def.parameters],
    keys: [...def.keys],
    duplicateKeys: def.duplicateKeys,
    minRows: def.minRows,
    columns: def.columns.map((column) => ({
      name: column.name,
      kind: column.kind,
      required: column.required ?? false,
      field: 'field' in column ? column.field : null,
      aliases: 'aliases' in column ? [...column.aliases] : [],
    })),
  })),
}

const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['reference'],
        summary: 'Every extract: columns as the source emits them, kinds, keys, parameters',
        response: { 200: CatalogResponseSchema, ...errorResponses() },
      },
    },
    async () => CATALOG,
  )
}

export default catalogRoutes
