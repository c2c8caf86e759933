import { join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { Role } from '../../../shared/api/common.ts'
import { TieoutError } from '../../../shared/errors.ts'
import { accessProblem, type RouteAccess } from './auth/access.ts'
import { createOidcVerifier, type OidcVerifier } from './auth/oidc.ts'
import { hasRole, type Principal } from './auth/principal.ts'
import { createTokenStore, DEMO_TOKENS_FILE, type DemoToken, type TokenStore } from './auth/tokens.ts'

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenStore
    /** Demo mode: the demo tokens of this start (empty otherwise). */
    demoTokens(): readonly DemoToken[]
    /** Every registered route with the access it declares (HEAD routes included). */
    routeAccess(): readonly RouteAccessEntry[]
  }
  interface FastifyRequest {
    /** The caller, set before the handler of every route that is not public; read it with `principalOf`. */
    principal: Principal | null
  }
  interface FastifyContextConfig {
    /** Roles allowed on the route (admin always is). Every route declares `roles` or `public`. */
    roles?: readonly Role[]
    /** No token needed. */
    public?: boolean
  }
}

export type AuthPluginOptions = {
  /** Demo mode: receives the demo tokens created (or found) at start, for the CLI to print. */
  readonly onDemoTokens?: (tokens: readonly DemoToken[]) => void
}

export type RouteAccessEntry = { readonly method: string; readonly url: string } & RouteAccess

const REALM = 'Bearer realm="tieout"'

/**
 * Access is decided from the route the router matched, never from the URL text: each route
 * declares `config: { public: true }` or `config: { roles: [...] }`, and the app refuses to start
 * when one declares neither. A non-public route needs a bearer token — an API token (hashed in
 * the state store, one role each) or, when configured, an OpenID Connect JWT: 401 without a valid
 * one, 403 without the route's role. A request that matches no route is the plain 404.
 */
export default fp(
  async function authPlugin(app: FastifyInstance, options: AuthPluginOptions) {
    const tokens = createTokenStore(app.db)
    const oidc = app.config.oidc ? createOidcVerifier(app.config.oidc) : null
    let demoTokens: readonly DemoToken[] = []
    app.decorate('tokens', tokens)
    app.decorate('demoTokens', () => demoTokens)
    app.decorateRequest('principal', null)

    // Checked when the app is ready, after every onRoute hook could still mark a route public.
    const routes: RouteOptions[] = []
    app.addHook('onRoute', (route) => {
      routes.push(route)
    })
    app.decorate('routeAccess', () =>
      routes.flatMap((route) => [route.method].flat().map((method) => ({ method, url: route.url, ...accessOf(route.config) }))),
    )
    app.addHook('onReady', async () => {
      const problems = routes.map(accessProblem).filter((problem) => problem !== null)
      if (problems.length > 0) throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file: 'routes', detail: problems.join('; ') })
    })

    app.addHook('onRequest', async (request, reply) => {
      if (request.is404) return
      const access = request.routeOptions.config
      if (access.public === true) return
      request.principal = await authenticate(request, reply, tokens, oidc)
      const allowed = access.roles ?? []
      if (!hasRole(request.principal, allowed)) {
        throw new TieoutError('TIEOUT_ERR_FORBIDDEN', {
          detail: `${request.principal.id} needs the role ${allowed.join(' or ')} for ${request.method} ${request.routeOptions.url}`,
        })
      }
    })
    if (app.config.demo) {
      app.addHook('onReady', async () => {
        demoTokens = await tokens.ensureDemoTokens(join(app.config.dataDir, DEMO_TOKENS_FILE))
        options.onDemoTokens?.(demoTokens)
      })
    }
  },
  { name: 'auth', dependencies: ['db', 'env'] },
)

function accessOf(config: unknown): RouteAccess {
  const { public: isPublic, roles } = (config ?? {}) as RouteAccess
  return isPublic === true ? { public: true } : { roles: roles ?? [] }
}

async function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  tokens: TokenStore,
  oidc: OidcVerifier | null,
): Promise<Principal> {
  const token = bearerToken(request.headers.authorization)
  if (token === null) {
    reply.header('WWW-Authenticate', REALM)
    throw new TieoutError('TIEOUT_ERR_UNAUTHENTICATED', { detail: 'a bearer token is required (Authorization: Bearer …)' })
  }
  try {
    const principal = isJwt(token) && oidc ? await oidc(token) : await tokens.verify(token)
    if (principal) return principal
    throw new TieoutError('TIEOUT_ERR_UNAUTHENTICATED', { detail: 'invalid token' })
  } catch (error) {
    reply.header('WWW-Authenticate', `${REALM}, error="invalid_token"`)
    throw error
  }
}

function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null
  const [scheme, token] = header.trim().split(/\s+/, 2)
  return scheme?.toLowerCase() === 'bearer' && token ? token : null
}

/** A compact JWS has three dot-separated parts; API tokens are plain base64url. */
function isJwt(token: string): boolean {
  return token.split('.').length === 3
}
