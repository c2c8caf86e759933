import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { RunResult } from '../../../shared/result/types.ts'
import { publishedAtRecordedPaths, type EvidenceService, type PublishedFiles } from '../../evidence/service.ts'
import { createLocalStore } from '../../evidence/store/local-store.ts'
import { createFilesetStore, filesetsRoot, type FilesetStore } from '../../filesets/store.ts'
import type { EntityDirectory } from '../../run/entity-directory.ts'
import { defaultReviewLines, type ReviewLine } from './review-lines.ts'

export type ReadinessCheck = { readonly name: string; readonly check: () => Promise<void> }

/**
 * What the backend's frame needs from the rest of the product, injected when the app is built:
 * the evidence store (packages, filesets, published results), the entity master, the configuration view, readiness probes and the rule
 * that says which result lines can be reviewed and which are material.
 */
export type AppServices = {
  readonly evidence: EvidenceService
  /** Uploaded filesets (default: in the data directory). */
  readonly filesets?: FilesetStore
  /** A finished run's published result.json (default: the file named on the run's record). */
  readonly published?: PublishedFiles
  readonly entities: EntityDirectory
  /** `GET /api/config`: account map, thresholds, rule catalog with their hashes. */
  readonly configView?: () => Promise<Record<string, unknown>>
  readonly readiness?: readonly ReadinessCheck[]
  readonly reviewLines?: (result: RunResult) => readonly ReviewLine[]
}

declare module 'fastify' {
  interface FastifyInstance {
    evidence: EvidenceService
    filesets: FilesetStore
    published: PublishedFiles
    entities: EntityDirectory
    configView: () => Promise<Record<string, unknown>>
    readiness: readonly ReadinessCheck[]
    reviewLines: (result: RunResult) => readonly ReviewLine[]
  }
}

export default fp(
  async function servicesPlugin(app: FastifyInstance, services: AppServices) {
    app.decorate('evidence', services.evidence)
    const dataDir = app.config.dataDir
    app.decorate('filesets', services.filesets ?? createFilesetStore(createLocalStore(dataDir), filesetsRoot(dataDir)))
    app.decorate('published', services.published ?? publishedAtRecordedPaths)
    app.decorate('entities', services.entities)
    app.decorate('configView', services.configView ?? (async () => ({})))
    app.decorate('readiness', services.readiness ?? [])
    app.decorate('reviewLines', services.reviewLines ?? defaultReviewLines)
  },
  { name: 'services' },
)
