import type { FastifyPluginAsync } from 'fastify'

/** The OpenAPI document is public: it describes the API, it holds no data. */
const openapiRoutes: FastifyPluginAsync = async (app) => {
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger())
}

export default openapiRoutes
