import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Role } from '../../../shared/api/common.ts'
import { TieoutError } from '../../../shared/errors.ts'
import { createOidcVerifier, type OidcVerifier } from './auth/oidc.ts'
import { hasRole, type Principal } from './auth/principal.ts'
import { createTokenStore, type DemoToken, type TokenStore } from './auth/tokens.ts'

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenStore
  }
  interface FastifyRequest {
    /** Set for every authenticated `/api` request. */
    principal: Principal | null
  }
  interface FastifyContextConfig {
    /** Roles allowed on the route (admin always is); absent = any authenticated role. */
    roles?: readonly Role[]
    /** No token needed (documentation). */
    public?: boolean
  }
}

export type AuthPluginOptions = {
  /** Demo mode: receives the demo tokens created (or found) at start, for the CLI to print. */
  readonly onDemoTokens?: (tokens: readonly DemoToken[]) => void
}

const REALM = 'Bearer realm="tieout"'

/**
 * Bearer tokens on every `/api` route: API tokens (hashed in the state store, one role each) and,
 * when configured, OpenID Connect JWTs. 401 without a valid token, 403 without the route's role.
 */
export default fp(
  async function authPlugin(app: FastifyInstance, options: AuthPluginOptions) {
    const tokens = createTokenStore(app.db)
    const oidc = app.config.oidc ? createOidcVerifier(app.config.oidc) : null
    app.decorate('tokens', tokens)
    app.decorateRequest('principal', null)
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/api/') || request.routeOptions.config.public) return
      request.principal = await authenticate(request, reply, tokens, oidc)
      const allowed = request.routeOptions.config.roles
      if (allowed && !hasRole(request.principal, allowed)) {
        throw new TieoutError('TIEOUT_ERR_FORBIDDEN', {
          detail: `${request.principal.id} needs the role ${allowed.join(' or ')} for ${request.method} ${request.routeOptions.url ?? request.url}`,
        })
      }
    })
    if (app.config.demo) {
      app.addHook('onReady', async () => options.onDemoTokens?.(await tokens.ensureDemoTokens()))
    }
  },
  { name: 'auth', dependencies: ['db', 'env'] },
)

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
