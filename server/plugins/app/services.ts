import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { RunResult } from '../../../shared/result/types.ts'
import type { EvidenceService } from '../../evidence/service.ts'
import type { EntityDirectory } from '../../run/entity-directory.ts'
import { defaultReviewLines, type ReviewLine } from './review-lines.ts'

export type ReadinessCheck = { readonly name: string; readonly check: () => Promise<void> }

/**
 * What the backend's frame needs from the rest of the product, injected when the app is built:
 * the evidence store, the entity master, the configuration view, readiness probes and the rule
 * that says which result lines can be reviewed and which are material.
 */
export type AppServices = {
  readonly evidence: EvidenceService
  readonly entities: EntityDirectory
  /** `GET /api/config`: account map, thresholds, rule catalog with their hashes. */
  readonly configView?: () => Promise<Record<string, unknown>>
  readonly readiness?: readonly ReadinessCheck[]
  readonly reviewLines?: (result: RunResult) => readonly ReviewLine[]
}

declare module 'fastify' {
  interface FastifyInstance {
    evidence: EvidenceService
    entities: EntityDirectory
    configView: () => Promise<Record<string, unknown>>
    readiness: readonly ReadinessCheck[]
    reviewLines: (result: RunResult) => readonly ReviewLine[]
  }
}

export default fp(
  async function servicesPlugin(app: FastifyInstance, services: AppServices) {
    app.decorate('evidence', services.evidence)
    app.decorate('entities', services.entities)
    app.decorate('configView', services.configView ?? (async () => ({})))
    app.decorate('readiness', services.readiness ?? [])
    app.decorate('reviewLines', services.reviewLines ?? defaultReviewLines)
  },
  { name: 'services' },
)
