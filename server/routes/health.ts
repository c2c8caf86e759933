import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { PING } from '../state/migrations.ts'

const CheckSchema = Type.Object({ name: Type.String(), ok: Type.Boolean(), message: Type.Optional(Type.String()) })
const ReadySchema = Type.Object({ status: Type.Enum(['ready', 'not ready']), checks: Type.Array(CheckSchema) })

/** Probes for operations: liveness, readiness (state store and injected checks), Prometheus metrics. */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }))

  app.get('/readyz', { schema: { tags: ['operations'], response: { 200: ReadySchema, 503: ReadySchema } } }, async (_request, reply) => {
    const checks = await Promise.all([
      probe('state store', async () => void (await PING.execute(app.db))),
      ...app.readiness.map((check) => probe(check.name, check.check)),
    ])
    const ready = checks.every((check) => check.ok)
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks })
  })

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(await app.metrics.render()),
  )
}

async function probe(name: string, check: () => Promise<void>): Promise<{ name: string; ok: boolean; message?: string }> {
  try {
    await check()
    return { name, ok: true }
  } catch (error) {
    return { name, ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

export default healthRoutes
