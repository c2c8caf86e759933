import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** The OpenAPI document, built from the routes' schemas; served at `/api/openapi.json`. */
export default fp(
  async function swaggerPlugin(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Tieout API',
          description: 'C-PG-1 reconciliation runs, results, reviews, sign-off and evidence',
          version: '1',
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API token or OpenID Connect JWT' } },
        },
        security: [{ bearer: [] }],
      },
    })
  },
  { name: 'swagger' },
)
