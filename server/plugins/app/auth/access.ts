import { ROLES, type Role } from '../../../../shared/api/common.ts'

/** Every role: a route any authenticated caller may use (`config: { roles: ANY_ROLE }`). */
export const ANY_ROLE: readonly Role[] = ROLES

/** What a route declares in its options: no token needed, or the roles allowed (admin always is). */
export type RouteAccess = { readonly public?: boolean; readonly roles?: readonly Role[] }

type DeclaredRoute = { readonly method: string | readonly string[]; readonly url?: string; readonly config?: unknown }

/**
 * Deny by default: a route must say who may call it. `public: true`, or a non-empty list of
 * known roles; both at once, neither, or an unknown role is a mistake that stops the app at start.
 */
export function accessProblem(route: DeclaredRoute): string | null {
  const config = (route.config ?? {}) as RouteAccess
  const name = `${[route.method].flat().join(',')} ${route.url ?? '?'}`
  const isPublic = config.public === true
  const roles = config.roles
  if (isPublic && roles !== undefined) return `route ${name} declares both config.public and config.roles`
  if (isPublic) return null
  if (roles === undefined) return `route ${name} declares neither config.roles nor config.public: say who may call it`
  if (!Array.isArray(roles) || roles.length === 0) return `route ${name}: config.roles must list at least one role`
  const unknown = roles.find((role) => !ROLES.includes(role))
  return unknown === undefined ? null : `route ${name}: config.roles names an unknown role "${String(unknown)}"`
}
