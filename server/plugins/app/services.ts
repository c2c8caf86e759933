import type { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Entity } from '../../../shared/api/catalog.ts'
import type { ReviewEntry } from '../../../shared/api/reviews.ts'
import type { VerifyResponse } from '../../../shared/api/results.ts'
import type { RunResult } from '../../../shared/result/types.ts'
import { defaultReviewLines } from './review-lines.ts'

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
  | { readonly kind: 'reopen'; readonly runId: string; readonly reviewer: string; readonly at: string; readonly reason: string }

export type EvidenceVerification = Omit<VerifyResponse, 'runId'>

/** The package's appendix after an append: what the journal keeps to detect a cut tail later. */
export type EvidenceAnchor = { readonly records: number; readonly headSha256: string; readonly keyFingerprint: string }

/** What the journal holds about a run's package (null where not yet known). */
export type JournaledEvidence = {
  readonly runId: string
  readonly manifestSha256: string | null
  readonly appendixHead: string | null
  readonly appendixCount: number
  readonly keyFingerprint: string | null
}

export interface EvidenceService {
  /** The run's evidence package as one zip, streamed. */
  zipStream(runId: string): Promise<Readable>
  /**
   * Recomputes every hash of the run's package, checks the appendix's signatures and seal, and
   * compares the package with the journal: names what changed, went missing, was added or cut.
   */
  verify(journaled: JournaledEvidence): Promise<EvidenceVerification>
  /** Appends a signed, hash-chained record (review batch, sign-off, reopen) to the run's package. */
  append(runId: string, record: EvidenceRecord): Promise<EvidenceAnchor>
}

export interface EntityDirectory {
  /** The entity master (SPEC §2): only in-scope entities can be reconciled. */
  list(): Promise<readonly Entity[]>
}

export type ReadinessCheck = { readonly name: string; readonly check: () => Promise<void> }

/**
 * A reviewable line of a run's result; `material` lines must not stay Open at sign-off. The
 * other fields describe it where sign-off is refused (`items[]` of the 409).
 */
export type ReviewLine = {
  readonly key: string
  readonly entity: string
  readonly material: boolean
  readonly kind: 'bridge' | 'tie-out' | 'roll-forward'
  readonly bridge: string | null
  readonly businessKey: string
  /** Decimal string ("-1234.50"); null when the USD figure is unknown. */
  readonly amountUsd: string | null
  readonly description: string
}

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
