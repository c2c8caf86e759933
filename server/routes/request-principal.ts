import type { FastifyRequest } from 'fastify'
import { TieoutError } from '../../shared/errors.ts'
import type { Principal } from '../plugins/app/auth/principal.ts'

/** The caller of an `/api` route; the auth hook has set it before any handler runs. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new TieoutError('TIEOUT_ERR_UNAUTHENTICATED', { detail: 'a bearer token is required' })
  return request.principal
}
