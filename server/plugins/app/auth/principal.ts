import { ROLES, type Role } from '../../../../shared/api/common.ts'

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
 * Reads a role claim value as Entra ID and others issue it: `reviewer`, `Reviewer` or an app-role
 * style `Tieout.Reviewer` all name the reviewer role. Unknown values are ignored.
 */
export function roleFromClaim(value: string): Role | null {
  const name = value.trim().split('.').at(-1)?.toLowerCase() ?? ''
  return (ROLES as readonly string[]).includes(name) ? (name as Role) : null
}
