import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { ReviewEntry } from '../../shared/api/reviews.ts'
import type { VerifyResponse } from '../../shared/api/results.ts'
import { TieoutError } from '../../shared/errors.ts'
import { appendEvidenceRecord, evidenceZipStream, verifyEvidence } from './index.ts'

/** A record appended to a sealed package after the run: a batch of reviews or a sign-off. */
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

/** The evidence store as the API sees it: packages found by run id. */
export interface EvidenceService {
  /** The run's evidence package as one zip, streamed. */
  zipStream(runId: string): Promise<Readable>
  /** Recomputes every hash of the run's package and names what changed, went missing or was added. */
  verify(runId: string): Promise<EvidenceVerification>
  /** Appends a hash-chained record (review batch, sign-off) to the run's package. */
  append(runId: string, record: EvidenceRecord): Promise<void>
}

/** A run's package is `<root>/<period>/<runId>/evidence`; the period folder is found by the run id. */
async function packageOf(root: string, runId: string): Promise<string> {
  const periods = await readdir(root).catch(() => [] as string[])
  for (const period of periods) {
    const dir = join(root, period, runId, 'evidence')
    if (
      await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      )
    )
      return dir
  }
  throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `evidence package of run ${runId}` })
}

export function createEvidenceService(root: string): EvidenceService {
  return {
    zipStream: async (runId): Promise<Readable> => evidenceZipStream(await packageOf(root, runId)) as Readable,
    verify: async (runId): Promise<EvidenceVerification> => {
      const report = await verifyEvidence(await packageOf(root, runId))
      const findings = [
        ...report.changed.map((file) => ({ file, problem: 'changed' as const, detail: 'content differs from the manifest' })),
        ...report.missing.map((file) => ({ file, problem: 'missing' as const, detail: 'listed in the manifest, not in the package' })),
        ...report.added.map((file) => ({ file, problem: 'added' as const, detail: 'in the package, not in the manifest' })),
        ...report.appendix.broken.map((detail) => ({ file: 'appendix/', problem: 'chain' as const, detail })),
      ]
      return { ok: report.ok, findings }
    },
    append: async (runId, record) => {
      const { kind, reviewer, at, ...payload } = record
      await appendEvidenceRecord(await packageOf(root, runId), {
        kind: kind === 'reviews' ? 'review' : 'signoff',
        at,
        actor: reviewer,
        payload,
      })
    },
  }
}
