import { readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import appPlugin, { type AppOptions, JSON_BODY_LIMIT } from './app.ts'
import { assertSafeListen, type ServerConfig } from './config.ts'

/** Everything the app needs besides its configuration: services, workflows, callbacks. */
export type ServerWiring = Omit<AppOptions, 'config'>

export type RunningServer = {
  readonly app: FastifyInstance
  /** e.g. `http://127.0.0.1:8750` */
  readonly url: string
  close(): Promise<void>
}

export type ServerOptions = {
  /** pino logger settings; false for none (tests). */
  readonly logger?: FastifyServerOptions['logger']
  /** Close gracefully on SIGINT/SIGTERM (default true for `startServer`). */
  readonly handleSignals?: boolean
}

/** Builds the app without listening: tests inject requests into it. */
export async function createServer(config: ServerConfig, wiring: ServerWiring, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: JSON_BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true },
    forceCloseConnections: 'idle',
    ...(config.tls ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } } : {}),
  }) as unknown as FastifyInstance
  await app.register(appPlugin, { config, ...wiring })
  return app
}

/**
 * Starts the backend: refuses to listen beyond loopback without TLS, listens, and closes
 * gracefully (in-flight runs stay resumable) on SIGINT/SIGTERM.
 */
export async function startServer(config: ServerConfig, wiring: ServerWiring, options: ServerOptions = {}): Promise<RunningServer> {
  assertSafeListen(config)
  const app = await createServer(config, wiring, options)
  await app.listen({ host: config.host, port: config.port })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing: Promise<void> | null = null
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info({ signal }, 'closing')
    void close().finally(() => process.exit(0))
  }
  const close = () =>
    (closing ??= app.close().finally(() => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }))
  if (options.handleSignals ?? true) {
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  }
  return { app, url: `${config.tls ? 'https' : 'http'}://${host}:${port}`, close }
}
