import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * The task pane is normally served by this server (same origin, no CORS). When it is hosted
 * elsewhere, only its configured origin may call the API.
 */
export default fp(
  async function corsPlugin(app: FastifyInstance) {
    const origin = app.config.addinOrigin
    // The preflight route answers browsers before any token is sent (the hook replies first).
    app.addHook('onRoute', (route) => {
      if (route.method === 'OPTIONS' && route.url === '*') route.config = { ...route.config, public: true }
    })
    await app.register(cors, {
      origin: origin === null ? false : [origin],
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
      maxAge: 600,
    })
  },
  { name: 'cors', dependencies: ['env'] },
)
