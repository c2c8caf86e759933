import type { Role } from '../../../../shared/api/common.ts'

/** Who is calling: an API token (its name) or a person signed in with OpenID Connect. */
export type Principal = {
  readonly id: string
  readonly roles: readonly Role[]
  readonly via: 'token' | 'oidc'
}

/** Admin may do everything; otherwise the principal needs one of the route's roles. */
export function hasRole(principal: Principal, allowed: readonly Role[]): boolean {
  return principal.roles.includes('admin') || principal.roles.some((role) => allowed.includes(role))
}

/**
 * The role a claim value names, by exact match in the configured map (`Tieout.Reviewer` →
 * reviewer by default). Anything else — another application's `Other.Admin`, a different case —
 * names no role.
 */
export function roleFromClaim(value: string, map: Readonly<Record<string, Role>>): Role | null {
  return Object.hasOwn(map, value) ? (map[value] ?? null) : null
}
