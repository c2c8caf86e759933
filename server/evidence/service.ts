import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { dirname, join, posix } from 'node:path'
import type { Readable } from 'node:stream'
import type { ReviewEntry } from '../../shared/api/reviews.ts'
import type { VerifyResponse } from '../../shared/api/results.ts'
import { TieoutError } from '../../shared/errors.ts'
import { appendStoredRecord } from './appendix.ts'
import { EVIDENCE_PATHS } from './layout.ts'
import type { PackageReader } from './package-reader.ts'
import type { EvidenceSigner } from './signing.ts'
import { packageKey, type EvidenceStore } from './store/evidence-store.ts'
import { findPackage, openStoredPackage } from './store/packages.ts'
import type { VerifyReport } from './types.ts'
import { verifyPackage } from './verify.ts'
import { packageZipStream } from './zip.ts'

/** A record appended to a sealed package after the run: a batch of reviews, a sign-off, a reopen. */
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

/** The evidence store as the API sees it: packages found by run id. */
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

/**
 * The API's evidence over the evidence store: a run's package is found by its run id, whichever
 * instance sealed it, and read, zipped, verified and appended to there.
 */
export function createEvidenceService(store: EvidenceStore, signer: EvidenceSigner): EvidenceService {
  const opened = async (runId: string): Promise<PackageReader> => openStoredPackage(store, await findPackage(store, runId))
  return {
    zipStream: async (runId): Promise<Readable> => packageZipStream(await opened(runId)) as Readable,
    verify: async (journaled): Promise<EvidenceVerification> => {
      const reader = await opened(journaled.runId)
      let report: VerifyReport
      try {
        report = await verifyPackage(reader)
      } finally {
        reader.close()
      }
      const files = new Set([...report.changed, ...report.missing, ...report.added])
      const fileProblems = report.problems.filter((problem) => [...files].some((file) => problem.startsWith(`${file} `)))
      const broken = new Set(report.appendix.broken)
      const findings = [
        ...report.changed.map((file) => ({
          file,
          problem: 'changed' as const,
          detail: detailOf(report, file, 'content differs from the manifest'),
        })),
        ...report.missing.map((file) => ({ file, problem: 'missing' as const, detail: 'listed in the manifest, not in the package' })),
        ...report.added.map((file) => ({ file, problem: 'added' as const, detail: 'in the package, not in the manifest' })),
        ...report.appendix.broken.map((detail) => ({ file: fileNamed(detail, 'appendix/'), problem: 'chain' as const, detail })),
        ...report.problems
          .filter((problem) => !broken.has(problem) && !fileProblems.includes(problem))
          .map((detail) => ({ file: fileNamed(detail, 'manifest.json'), problem: 'journal' as const, detail })),
        ...journalFindings(report, journaled),
      ]
      return {
        ok: findings.length === 0,
        manifestHash: report.manifestSha256,
        appendixHead: report.appendix.headSha256,
        appendixCount: report.appendix.records,
        keyFingerprint: report.keyFingerprint,
        findings,
      }
    },
    append: async (runId, record) => {
      const { kind, reviewer, at, ...payload } = record
      const appended = await appendStoredRecord(
        store,
        await findPackage(store, runId),
        { kind: kind === 'reviews' ? 'review' : kind, at, actor: reviewer, payload },
        signer,
      )
      return { records: appended.records, headSha256: appended.sha256, keyFingerprint: appended.keyFingerprint }
    },
  }
}

/** What the API knows of a finished run when it serves its published files. */
export type PublishedRun = { readonly id: string; readonly period: string; readonly result_path: string | null }

/** A finished run's published files, for the API. */
export type PublishedFiles = {
  /**
   * The run's `result.json` as published.
   *
   * @throws TIEOUT_ERR_NOT_FOUND naming the result file of the run when it is gone.
   */
  result(run: PublishedRun): Promise<Readable>
  /**
   * A file of the run's package beside result.json in `results/` (the list CSVs it names), by its
   * package path (`results/IPE_31-classified.csv`).
   *
   * @throws TIEOUT_ERR_NOT_FOUND naming the file when it is gone.
   */
  resultFile(run: PublishedRun, path: string): Promise<Readable>
}

/** The published result.json read from the run's package in the evidence store, by run id and period. */
export function publishedInStore(store: EvidenceStore): PublishedFiles {
  return {
    result: async (run) => {
      try {
        return await store.open(`${packageKey(run.period, run.id)}/${EVIDENCE_PATHS.result}`)
      } catch (error) {
        if (error instanceof TieoutError && error.code === 'TIEOUT_ERR_NOT_FOUND') throw resultGone(run, error)
        throw error
      }
    },
    resultFile: async (run, path) => {
      try {
        return await store.open(`${packageKey(run.period, run.id)}/${path}`)
      } catch (error) {
        if (error instanceof TieoutError && error.code === 'TIEOUT_ERR_NOT_FOUND') throw resultGone(run, error, path)
        throw error
      }
    },
  }
}

/** The result file named on the run's record, on this machine (an app without an evidence store). */
export const publishedAtRecordedPaths: PublishedFiles = {
  result: async (run) => {
    const file = run.result_path ?? ''
    await access(file).catch((error: unknown) => {
      throw resultGone(run, error)
    })
    return createReadStream(file)
  },
  resultFile: async (run, path) => {
    // result.json is `results/result.json` of the package: its siblings are in the same folder.
    const file = join(dirname(run.result_path ?? ''), posix.relative(posix.dirname(EVIDENCE_PATHS.result), path))
    await access(file).catch((error: unknown) => {
      throw resultGone(run, error, path)
    })
    return createReadStream(file)
  },
}

function resultGone(run: PublishedRun, cause: unknown, path = 'result'): TieoutError {
  return new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `${path} file of run ${run.id}` }, { cause })
}

/**
 * The journal is the server's anchor outside the package: the manifest hash and signing key it
 * recorded at sealing, and the appendix count and head after the last append. A package that
 * was regenerated, re-signed, swapped or cut at its tail disagrees with it.
 */
function journalFindings(report: VerifyReport, journaled: JournaledEvidence): EvidenceVerification['findings'] {
  const findings: EvidenceVerification['findings'] = []
  const add = (file: string, detail: string) => findings.push({ file, problem: 'journal', detail })
  if (report.runId !== journaled.runId)
    add('manifest.json', `the package in run ${journaled.runId}'s folder is run ${report.runId ?? '?'}'s: it was copied or swapped`)
  if (journaled.manifestSha256 !== null && report.manifestSha256 !== journaled.manifestSha256) {
    add(
      'manifest.json',
      `manifest.json hashes to ${report.manifestSha256}, but the journal recorded ${journaled.manifestSha256} at sealing: the package was regenerated or replaced`,
    )
  }
  if (journaled.keyFingerprint !== null && report.keyFingerprint !== journaled.keyFingerprint) {
    add(
      'signing-key.json',
      `the package is signed with key ${report.keyFingerprint ?? 'none'}, but the journal recorded ${journaled.keyFingerprint}`,
    )
  }
  const { records, headSha256 } = report.appendix
  if (records < journaled.appendixCount) {
    const first = records + 1
    const range = first === journaled.appendixCount ? `record ${first} is` : `records ${first} to ${journaled.appendixCount} are`
    add(
      'appendix/',
      `appendix: ${range} missing at the tail: the journal counts ${journaled.appendixCount} record(s), head ${journaled.appendixHead ?? 'none'}; the package has ${records}`,
    )
  } else if (records > journaled.appendixCount) {
    add(
      'appendix/',
      `appendix: the package has ${records} record(s), the journal only ${journaled.appendixCount}: records ${journaled.appendixCount + 1} to ${records} were added outside the server`,
    )
  } else if (headSha256 !== journaled.appendixHead) {
    add(
      'appendix/',
      `appendix: the last record hashes to ${headSha256 ?? 'none'}, but the journal recorded head ${journaled.appendixHead ?? 'none'}: record ${records} was edited or replaced`,
    )
  }
  return findings
}

function detailOf(report: VerifyReport, file: string, fallback: string): string {
  return report.problems.find((problem) => problem.startsWith(`${file} `)) ?? fallback
}

/** The package file a finding names (its first word when that is a path), else `fallback`. */
function fileNamed(detail: string, fallback: string): string {
  const first = detail.split(/[ :]/, 1)[0] ?? ''
  return /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]*)*$/.test(first) && first.includes('.') ? first : fallback
}
