import type { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Entity } from '../../../shared/api/catalog.ts'
import type { ReviewEntry } from '../../../shared/api/reviews.ts'
import type { VerifyResponse } from '../../../shared/api/results.ts'
import type { RunResult } from '../../../shared/result/types.ts'
import { defaultReviewLines, type ReviewLine } from './review-lines.ts'

/**
 * What the backend's frame needs from the rest of the product, injected when the app is built:
 * the evidence store, the entity master, the configuration view, readiness probes and the rule
 * that says which result lines can be reviewed and which are material.
 */
export type EvidenceRecord =
  | {
      readonly kind: 'reviews'
      readonly runId: string
      readonly reviewer: string
      readonly at: string
      readonly reviews: readonly ReviewEntry[]
    }
  | { readonly kind: 'signoff'; readonly runId: string; readonly reviewer: string; readonly at: string; readonly comment: string }

export type EvidenceVerification = Omit<VerifyResponse, 'runId'>

export interface EvidenceService {
  /** The run's evidence package as one zip, streamed. */
  zipStream(runId: string): Promise<Readable>
  /** Recomputes every hash of the run's package and names what changed, went missing or was added. */
  verify(runId: string): Promise<EvidenceVerification>
  /** Appends a hash-chained record (review batch, sign-off) to the run's package. */
  append(runId: string, record: EvidenceRecord): Promise<void>
}

export interface EntityDirectory {
  /** The entity master (SPEC §2): only in-scope entities can be reconciled. */
  list(): Promise<readonly Entity[]>
}

export type ReadinessCheck = { readonly name: string; readonly check: () => Promise<void> }

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
