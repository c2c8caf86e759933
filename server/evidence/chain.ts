import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import { currentAppendix } from './appendix.ts'
import { byCodeUnits, isErrno } from './fs-util.ts'
import { sha256Hex } from './hash.ts'
import { MANIFEST_FILE } from './layout.ts'
import { isExactPeriod, parseManifest } from './manifest.ts'
import type { PreviousAppendix } from './types.ts'

/**
 * The chain across all runs of one month (methodology §10): each run's manifest records the manifest
 * hash of the run before it in the same period. Runs live at `<root>/<period>/<runId>/evidence`
 * and are ordered by their manifest's `createdAt`, then run id. Only sealed packages count: a
 * crashed write (`evidence.partial`) is not a run of the chain.
 */
export const EVIDENCE_FOLDER = 'evidence'

const RUN_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/

/** The package folder of a run. */
export function evidenceDir(root: string, period: string, runId: string): string {
  if (!isExactPeriod(period)) throw new TieoutError('TIEOUT_ERR_BAD_PERIOD', { value: period })
  if (!RUN_ID.test(runId)) throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `run id "${runId}" cannot name a folder` })
  return join(resolve(root), period, runId, EVIDENCE_FOLDER)
}

export type ChainedRun = {
  readonly runId: string
  readonly createdAt: string
  readonly dir: string
  readonly manifestSha256: string
  readonly previousManifestSha256: string | null
}

/**
 * The sealed runs of `period` in chain order.
 *
 * @throws TIEOUT_ERR_EVIDENCE when a manifest is unreadable or names another period: the chain
 * cannot be placed until that package is looked at.
 */
export async function listPeriodRuns(root: string, period: string): Promise<ChainedRun[]> {
  const periodDir = join(resolve(root), period)
  if (!isExactPeriod(period)) throw new TieoutError('TIEOUT_ERR_BAD_PERIOD', { value: period })
  const runs: ChainedRun[] = []
  for (const runId of await subfolders(periodDir)) {
    const dir = join(periodDir, runId, EVIDENCE_FOLDER)
    const bytes = await readIfPresent(join(dir, MANIFEST_FILE))
    if (bytes) runs.push(chainedRun(dir, period, bytes))
  }
  return runs.sort((a, b) => byCodeUnits(a.createdAt, b.createdAt) || byCodeUnits(a.runId, b.runId))
}

/** The manifest hash the next package of `period` must record; null before the month's first run. */
export async function latestManifestSha256(root: string, period: string): Promise<string | null> {
  return (await listPeriodRuns(root, period)).at(-1)?.manifestSha256 ?? null
}

/**
 * What the next package of `period` records about the run before it: that run's manifest hash and
 * its appendix as it stands now (count and head), so cutting that trail later breaks the link.
 */
export async function latestLink(
  root: string,
  period: string,
): Promise<{ previousManifestSha256: string | null; previousAppendix: PreviousAppendix | null }> {
  const latest = (await listPeriodRuns(root, period)).at(-1)
  if (!latest) return { previousManifestSha256: null, previousAppendix: null }
  const appendix = await currentAppendix(latest.dir)
  return { previousManifestSha256: latest.manifestSha256, previousAppendix: { runId: latest.runId, ...appendix } }
}

/**
 * Checks every link of the period's chain from the manifests alone (files are checked by
 * `verifyEvidence` per package). A fork (two runs naming the same predecessor) shows as a break.
 */
export async function verifyPeriodChain(root: string, period: string): Promise<{ runs: number; ok: boolean; problems: string[] }> {
  const runs = await listPeriodRuns(root, period)
  const problems: string[] = []
  let previous: ChainedRun | null = null
  for (const run of runs) {
    const expected = previous?.manifestSha256 ?? null
    if (run.previousManifestSha256 !== expected) {
      const wanted = previous ? `run ${previous.runId}'s manifest ${expected}` : 'nothing (first run of the period)'
      problems.push(`run ${run.runId} links to ${run.previousManifestSha256 ?? 'nothing'}, but the previous link is ${wanted}`)
    }
    previous = run
  }
  return { runs: runs.length, ok: problems.length === 0, problems }
}

function chainedRun(dir: string, period: string, bytes: Buffer): ChainedRun {
  const { manifest, problems } = parseManifest(bytes)
  if (!manifest) throw chainError(`${join(dir, MANIFEST_FILE)}: ${problems.join('; ')}`)
  if (manifest.period !== period) throw chainError(`${join(dir, MANIFEST_FILE)} is for period ${manifest.period}, not ${period}`)
  return {
    runId: manifest.runId,
    createdAt: manifest.createdAt,
    dir,
    manifestSha256: sha256Hex(bytes),
    previousManifestSha256: manifest.previousManifestSha256,
  }
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return []
    throw error
  }
}

async function readIfPresent(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path)
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return null
    throw error
  }
}

function chainError(detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `cannot place the period's chain: ${detail}` })
}
