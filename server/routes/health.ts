import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Role } from '../../shared/api/common.ts'
import type { RouteAccess } from '../plugins/app/auth/access.ts'
import { PING } from '../state/migrations.ts'

const CheckSchema = Type.Object({ name: Type.String(), ok: Type.Boolean(), message: Type.Optional(Type.String()) })
const ReadySchema = Type.Object({ status: Type.Enum(['ready', 'not ready']), checks: Type.Array(CheckSchema) })

const METRICS_ROLES: readonly Role[] = ['auditor']

/**
 * Probes for operations: liveness and readiness (state store and injected checks) are public;
 * Prometheus metrics need an auditor or admin token unless `TIEOUT_METRICS_PUBLIC=true`.
 */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['operations'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({
      status: 'ok' as const,
    }),
  )

  app.get(
    '/readyz',
    { config: { public: true }, schema: { tags: ['operations'], response: { 200: ReadySchema, 503: ReadySchema } } },
    async (_request, reply) => {
      const checks = await Promise.all([
        probe('state store', async () => void (await PING.execute(app.db))),
        ...app.readiness.map((check) => probe(check.name, check.check)),
      ])
      const ready = checks.every((check) => check.ok)
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks })
    },
  )

  // Run counts and route timings are operational detail: auditors and admins, unless opened up.
  const metricsAccess: RouteAccess = app.config.metricsPublic === true ? { public: true } : { roles: METRICS_ROLES }
  app.get('/metrics', { config: metricsAccess, schema: { hide: true } }, async (_request, reply) =>
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
