import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { RUN_STATUSES } from '../../state/tables.ts'
import { Counter, Histogram, renderGauge } from './metrics/prometheus.ts'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: { render(): Promise<string> }
  }
}

/** Prometheus metrics: runs by status, step durations, retries and HTTP request durations. */
export default fp(
  async function metricsPlugin(app: FastifyInstance) {
    const httpDuration = new Histogram('tieout_http_request_duration_seconds', 'HTTP request duration by method, route and status')
    const stepDuration = new Histogram('tieout_step_duration_seconds', 'Duration of successful step attempts by step')
    const retries = new Counter('tieout_step_retries_total', 'Step attempts retried after a transient error, by step')

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched'
      httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1_000)
    })
    const stop = app.engine.onEvent((event) => {
      if (event.type === 'step-finished') stepDuration.observe({ step: event.step }, event.durationMs / 1_000)
      if (event.type === 'step-retried') retries.inc({ step: event.step })
    })
    app.addHook('onClose', async () => stop())

    async function render(): Promise<string> {
      const counts = await app.runs.countByStatus()
      const runs = RUN_STATUSES.map((status) => ({ labels: { status }, value: counts.get(status) ?? 0 }))
      return [
        renderGauge('tieout_runs', 'Runs in the state store by status', runs),
        stepDuration.render(),
        retries.render(),
        httpDuration.render(),
      ].join('')
    }
    app.decorate('metrics', { render })
  },
  { name: 'metrics', dependencies: ['engine', 'runs'] },
)
