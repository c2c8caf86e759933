import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, RunIdParamsSchema } from '../../../schemas/common.ts'
import { pathHider, withoutServerPaths } from '../../relative-paths.ts'
import { streamRunEvents } from './run-event-stream.ts'
import type { SseStream } from './sse-stream.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'

/** `GET /api/runs/:id/events`: the run's progress as SSE, replay first, then live, until it finishes. */
const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const open = new Set<SseStream>()
  const hide = pathHider([app.config.filesRoot, app.config.dataDir])
  // Long-lived streams would hold `close()` open: end them first.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end()
  })

  app.get(
    '/:id/events',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['runs'],
        summary:
          'Progress events (text/event-stream): run-started, step-started, step-progress, step-retried, step-finished, step-failed, run-finished',
        params: RunIdParamsSchema,
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$' })) }),
        response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const run = await app.runs.get(request.params.id)
      await streamRunEvents(reply, {
        engine: app.engine,
        run,
        after: Number(request.headers['last-event-id'] ?? 0),
        heartbeatMs: app.config.heartbeatMs,
        reload: app.runs.find,
        onOpen: (stream) => open.add(stream),
        onClose: (stream) => open.delete(stream),
        present: (event) => withoutServerPaths(event, hide),
      })
    },
  )
}

export default eventsRoutes
