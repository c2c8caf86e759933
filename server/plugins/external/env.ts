import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { assertSafeListen, type ServerConfig } from '../../config.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig
  }
}

/** The server configuration, already read and validated by `loadConfig`, checked once more here. */
export default fp(
  async function envPlugin(app: FastifyInstance, options: { config: ServerConfig }) {
    assertSafeListen(options.config)
    app.decorate('config', options.config)
  },
  { name: 'env' },
)
