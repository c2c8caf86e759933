import { existsSync } from 'node:fs'
import fastifyStatic from '@fastify/static'
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ServerConfig } from './config.ts'
import type { DbosEngineOptions } from './engine/dbos-engine.ts'
import authPlugin from './plugins/app/auth.ts'
import type { DemoToken } from './plugins/app/auth/tokens.ts'
import enginePlugin from './plugins/app/engine.ts'
import errorPolicyPlugin from './plugins/app/error-policy.ts'
import metricsPlugin from './plugins/app/metrics.ts'
import resultsPlugin from './plugins/app/results.ts'
import reviewsPlugin from './plugins/app/reviews.ts'
import runsPlugin from './plugins/app/runs.ts'
import servicesPlugin, { type AppServices } from './plugins/app/services.ts'
import corsPlugin from './plugins/external/cors.ts'
import dbPlugin from './plugins/external/db.ts'
import envPlugin from './plugins/external/env.ts'
import multipartPlugin from './plugins/external/multipart.ts'
import securityHeadersPlugin from './plugins/external/security-headers.ts'
import swaggerPlugin from './plugins/external/swagger.ts'
import catalogRoutes from './routes/api/catalog/index.ts'
import configRoutes from './routes/api/config/index.ts'
import demoRoutes from './routes/api/demo/index.ts'
import entitiesRoutes from './routes/api/entities/index.ts'
import meRoutes from './routes/api/me/index.ts'
import filesetsRoutes from './routes/api/filesets/index.ts'
import openapiRoutes from './routes/api/openapi.ts'
import eventsRoutes from './routes/api/runs/events.ts'
import evidenceRoutes from './routes/api/runs/evidence.ts'
import runsRoutes from './routes/api/runs/index.ts'
import resultsRoutes from './routes/api/runs/results.ts'
import reviewsRoutes from './routes/api/runs/reviews.ts'
import tokensRoutes from './routes/api/tokens/index.ts'
import healthRoutes from './routes/health.ts'
import { hideServerPaths } from './routes/relative-paths.ts'
import type { WorkflowDef } from './engine/workflow.ts'

/** JSON bodies are small (a run request, a batch of reviews); uploads go through multipart. */
export const JSON_BODY_LIMIT = 1024 * 1024

export type AppOptions = {
  readonly config: ServerConfig
  readonly services: AppServices
  readonly workflows?: readonly WorkflowDef[]
  /** The workflow `POST /api/runs` starts. */
  readonly runWorkflow?: string
  /** Test seams of the run engine (sleep, random, clock, queue polling). */
  readonly engine?: Partial<DbosEngineOptions>
  readonly now?: () => Date
  /** Demo mode: the tokens created or found at start, for the CLI to print. */
  readonly onDemoTokens?: (tokens: readonly DemoToken[]) => void
}

/**
 * The Tieout backend as one plugin: external libraries, then our services, then routes (the
 * folder tree under routes/ is the URL tree). `server.ts` owns listening and the logger.
 */
async function tieout(app: FastifyInstance, options: AppOptions): Promise<void> {
  app.setValidatorCompiler(TypeBoxValidatorCompiler)
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= JSON_BODY_LIMIT
  })

  await app.register(envPlugin, { config: options.config })
  await app.register(dbPlugin, { dataDir: options.config.dataDir, databaseUrl: options.config.databaseUrl })
  // Headers first (a refused request carries them too), then access: every route registered after
  // the auth plugin is checked for the access it declares.
  await app.register(securityHeadersPlugin)
  await app.register(authPlugin, { onDemoTokens: options.onDemoTokens })
  await app.register(swaggerPlugin)
  await app.register(corsPlugin)
  await app.register(multipartPlugin)

  hideServerPaths(app)
  await app.register(servicesPlugin, options.services)
  await app.register(errorPolicyPlugin)
  await app.register(enginePlugin, { workflows: options.workflows ?? [], overrides: options.engine })
  await app.register(runsPlugin, { workflow: options.runWorkflow ?? 'reconcile' })
  await app.register(resultsPlugin)
  await app.register(reviewsPlugin, { now: options.now })
  await app.register(metricsPlugin)

  await app.register(healthRoutes)
  await app.register(openapiRoutes, { prefix: '/api' })
  for (const routes of [runsRoutes, eventsRoutes, resultsRoutes, evidenceRoutes, reviewsRoutes]) {
    await app.register(routes, { prefix: '/api/runs' })
  }
  await app.register(entitiesRoutes, { prefix: '/api/entities' })
  await app.register(meRoutes, { prefix: '/api/me' })
  await app.register(filesetsRoutes, { prefix: '/api/filesets' })
  await app.register(catalogRoutes, { prefix: '/api/catalog' })
  await app.register(configRoutes, { prefix: '/api/config' })
  await app.register(tokensRoutes, { prefix: '/api/tokens' })
  await app.register(demoRoutes, { prefix: '/api/demo' })

  if (existsSync(options.config.addinDir)) {
    // The pane's folder URL opens the pane (Office loads /addin/index.html from the manifest).
    await app.register(async (addin) => {
      // The pane's files are public: Office loads them before anyone signs in.
      addin.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true }
      })
      await addin.register(fastifyStatic, { root: options.config.addinDir, prefix: '/addin/', index: false, wildcard: true })
    })
    app.get('/addin', { config: { public: true } }, (_request, reply) => reply.redirect('/addin/index.html'))
  } else {
    // No build yet: a person (or Office) opening the pane is told how to build it.
    const notBuilt = (_request: FastifyRequest, reply: FastifyReply) =>
      reply.code(404).type('text/html; charset=utf-8').send(ADDIN_NOT_BUILT)
    app.get('/addin', { config: { public: true } }, notBuilt)
    app.get('/addin/*', { config: { public: true } }, notBuilt)
  }
}

const ADDIN_NOT_BUILT =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Tieout add-in not built</title>' +
  '<body style="font-family:sans-serif;max-width:40em;margin:2em auto">' +
  '<h1>The Excel add-in is not built yet</h1>' +
  '<p>Build the task pane, then reload this page:</p><pre>npm run build:addin</pre>' +
  '<p><code>npm start</code> builds it before starting the server. The server serves <code>addin/dist</code> ' +
  '(or <code>TIEOUT_ADDIN_DIR</code>) at <code>/addin/</code>.</p></body></html>'

export default fp(tieout, { name: 'tieout', fastify: '5.x' })
