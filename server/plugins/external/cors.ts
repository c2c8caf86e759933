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
    await app.register(cors, {
      origin: origin === null ? false : [origin],
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
      maxAge: 600,
    })
  },
  { name: 'cors', dependencies: ['env'] },
)
