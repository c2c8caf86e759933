import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { RoleSchema } from '../../../../shared/api/common.ts'
import { isLoopback } from '../../../config.ts'

const DemoTokensSchema = Type.Object({
  tokens: Type.Array(Type.Object({ name: Type.String(), role: RoleSchema, token: Type.String() })),
})

/**
 * `GET /api/demo/tokens`: the demo users, so the pane's sign-in screen can offer them. Only a demo
 * server answers, and only to a client on the same machine that addressed it by a loopback name
 * (a page elsewhere that rebinds its DNS name to 127.0.0.1 still sends its own Host); everyone
 * else gets the plain 404 of an unknown path.
 */
const demoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tokens',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: 'Demo mode, loopback clients only: the demo API token of each role (404 otherwise)',
        response: { 200: DemoTokensSchema },
      },
    },
    async (request, reply) => {
      if (!app.config.demo || !fromLoopback(request)) return reply.callNotFound()
      return { tokens: [...app.demoTokens()] }
    },
  )
}

function fromLoopback(request: FastifyRequest): boolean {
  const remote = request.socket.remoteAddress ?? ''
  return isLoopback(remote) && isLoopback(hostName(request.headers.host ?? ''))
}

/** `127.0.0.1:8750` → `127.0.0.1`, `[::1]:8750` → `::1`, `localhost` → `localhost`. */
function hostName(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host)
  if (bracketed) return bracketed[1] ?? ''
  return host.replace(/:\d+$/, '').toLowerCase()
}

export default demoRoutes
