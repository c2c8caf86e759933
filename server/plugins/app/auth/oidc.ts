import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose'
import type { Role } from '../../../../shared/api/common.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import { OIDC_DEFAULT_ROLE_MAP, type OidcConfig } from '../../../config.ts'
import { type Principal, roleFromClaim } from './principal.ts'

/**
 * Validates OpenID Connect access tokens (Entra ID or any issuer with a JWKS): signature against
 * the issuer's published keys (fetched and cached by jose), issuer, audience and expiry.
 */
export function createOidcVerifier(config: OidcConfig) {
  const keys = createRemoteJWKSet(new URL(config.jwksUrl))
  return async function verifyJwt(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: config.issuer, audience: config.audience })
      return { id: identity(payload), roles: roles(payload[config.roleClaim], config.roleMap ?? OIDC_DEFAULT_ROLE_MAP), via: 'oidc' }
    } catch (error) {
      throw new TieoutError('TIEOUT_ERR_UNAUTHENTICATED', { detail: `invalid token: ${reason(error)}` }, { cause: error })
    }
  }
}

export type OidcVerifier = ReturnType<typeof createOidcVerifier>

function identity(payload: JWTPayload): string {
  for (const claim of ['preferred_username', 'upn', 'sub']) {
    const value = payload[claim]
    if (typeof value === 'string' && value !== '') return value
  }
  throw new TieoutError('TIEOUT_ERR_UNAUTHENTICATED', { detail: 'the token names no user (preferred_username, upn or sub)' })
}

function roles(claim: unknown, map: Readonly<Record<string, Role>>): Role[] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : []
  const found = new Set<Role>()
  for (const value of values) {
    const role = typeof value === 'string' ? roleFromClaim(value, map) : null
    if (role) found.add(role)
  }
  return [...found]
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired'
  if (error instanceof TieoutError) return error.message
  return error instanceof Error ? error.message : String(error)
}
