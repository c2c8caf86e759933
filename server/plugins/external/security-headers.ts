import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Office hosts that frame the task pane: Excel on the web (Microsoft 365, Office Online) and the
 * Microsoft 365 app. Desktop Excel shows the pane in a WebView, not a frame.
 */
export const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.cloud.microsoft',
  'https://*.sharepoint.com',
] as const

/**
 * The pane: our own scripts, office.js from Microsoft's CDN (which may load the Microsoft Ajax
 * library from ajax.aspnetcdn.com in some hosts), styles Fluent UI injects; API calls to this origin.
 */
export const ADDIN_CSP = [
  "default-src 'self'",
  "script-src 'self' https://appsforoffice.microsoft.com https://ajax.aspnetcdn.com",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data: https:",
  "connect-src 'self'",
  'frame-src https:',
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${OFFICE_FRAME_ANCESTORS.join(' ')}`,
].join('; ')

/** Everything else is data (JSON, files, events): nothing to run, nothing to frame. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/**
 * Security headers on every response, set when the request arrives so that errors, 404s and
 * hijacked streams (SSE) carry them too. The policy follows the matched route: the pane under
 * `/addin/` may be framed by Office, nothing else may be framed at all.
 */
export default fp(
  async function securityHeadersPlugin(app: FastifyInstance) {
    const tls = app.config.tls !== null
    app.addHook('onRequest', async (request, reply) => {
      const addin = !request.is404 && (request.routeOptions.url ?? '').startsWith('/addin')
      reply.header('x-content-type-options', 'nosniff')
      reply.header('referrer-policy', 'no-referrer')
      reply.header('content-security-policy', addin ? ADDIN_CSP : API_CSP)
      if (!addin) reply.header('x-frame-options', 'DENY')
      if (tls) reply.header('strict-transport-security', 'max-age=31536000')
    })
  },
  { name: 'security-headers', dependencies: ['env'] },
)
