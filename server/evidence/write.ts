import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import { writeSeal } from './appendix.ts'
import { byCodeUnits, isErrno, pathExists, syncDir, writeDurable } from './fs-util.ts'
import { sha256Hex } from './hash.ts'
import { assertPackagePath, EVIDENCE_PATHS, evidenceJson, MANIFEST_FILE, PARTIAL_SUFFIX } from './layout.ts'
import { ISO_DATE_TIME, isExactPeriod, isSha256, serializeManifest } from './manifest.ts'
import { placeFile } from './place-file.ts'
import type { EvidenceSigner } from './signing.ts'
import type { EvidenceFileInput, Manifest, ManifestEntry, PreviousAppendix } from './types.ts'
import { MANIFEST_FORMAT } from './types.ts'

export type EvidencePackageInput = {
  readonly runId: string
  /** `YYYY-MM`. */
  readonly period: string
  readonly productVersion: string
  /** ISO date-time; orders the runs of a period in the chain. */
  readonly createdAt: string
  /** From `latestManifestSha256(root, period)`; null for the first run of the month. */
  readonly previousManifestSha256: string | null
  /** From `latestLink(root, period)`: the previous run's appendix now; null for the first run of the month. */
  readonly previousAppendix?: PreviousAppendix | null
  /** Signs the appendix: its public key is sealed into the package as `signing-key.json`. */
  readonly signer: EvidenceSigner
  readonly files: readonly EvidenceFileInput[]
}

export type WrittenPackage = {
  readonly manifestSha256: string
  readonly manifest: Manifest
  readonly files: readonly ManifestEntry[]
}

/**
 * Writes and seals an evidence package at `dir` (methodology §10). Everything goes to `<dir>.partial`
 * first, each file flushed to disk; `manifest.json` is written last and the directory is then
 * renamed to `dir`. So `dir` either holds a complete package or does not exist, whatever the
 * moment of a crash; a leftover `<dir>.partial` from a crashed attempt is discarded. One writer
 * per package is assumed (the run engine runs the evidence step once per run).
 *
 * @throws TIEOUT_ERR_CONFLICT when `dir` exists: a sealed package is never overwritten.
 * @throws TIEOUT_ERR_BAD_INPUT for an invalid period, date-time, hash or file path.
 * @throws TIEOUT_ERR_EVIDENCE when a file cannot be read or written.
 */
export async function writeEvidencePackage(dir: string, input: EvidencePackageInput): Promise<WrittenPackage> {
  assertPackageInput(input)
  const target = resolve(dir)
  await refuseExisting(target)
  const partial = `${target}${PARTIAL_SUFFIX}`
  await rm(partial, { recursive: true, force: true })
  await mkdir(partial, { recursive: true })
  try {
    const written = await fillPackage(partial, input)
    await seal(partial, target)
    return written
  } catch (error) {
    await rm(partial, { recursive: true, force: true })
    throw error
  }
}

async function fillPackage(partial: string, input: EvidencePackageInput): Promise<WrittenPackage> {
  const files: ManifestEntry[] = []
  for (const file of [...input.files, signingKeyFile(input.signer)]) files.push(await placeFile(partial, file))
  files.sort((a, b) => byCodeUnits(a.path, b.path))
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    runId: input.runId,
    period: input.period,
    createdAt: input.createdAt,
    productVersion: input.productVersion,
    previousManifestSha256: input.previousManifestSha256,
    previousAppendix: input.previousAppendix ?? null,
    signingKeyFingerprint: input.signer.fingerprint,
    files,
  }
  const bytes = serializeManifest(manifest)
  for (const folder of folderPaths(files)) await syncDir(join(partial, ...folder.split('/')))
  await writeDurable(join(partial, MANIFEST_FILE), bytes)
  const manifestSha256 = sha256Hex(bytes)
  // The empty appendix is sealed too: removing every later record cannot pass for "never reviewed".
  await writeSeal(partial, { runId: input.runId, manifestSha256, records: 0, headSha256: null }, input.signer)
  await syncDir(partial)
  return { manifestSha256, manifest, files }
}

function signingKeyFile(signer: EvidenceSigner): EvidenceFileInput {
  const key = { algorithm: signer.algorithm, fingerprint: signer.fingerprint, publicKeyPem: signer.publicKeyPem }
  return { path: EVIDENCE_PATHS.signingKey, source: { bytes: evidenceJson(key) } }
}

async function seal(partial: string, target: string): Promise<void> {
  await refuseExisting(target)
  try {
    await rename(partial, target)
  } catch (error) {
    // rename(2) replaces an empty directory silently and fails on a non-empty one.
    if (isErrno(error, 'ENOTEMPTY') || isErrno(error, 'EEXIST')) throw sealedError(target)
    throw error
  }
  await syncDir(dirname(target))
}

async function refuseExisting(target: string): Promise<void> {
  if (await pathExists(target)) throw sealedError(target)
}

function sealedError(target: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_CONFLICT', {
    detail: `evidence package ${target} already exists; a sealed package is never overwritten`,
  })
}

function folderPaths(files: readonly ManifestEntry[]): Set<string> {
  const folders = new Set<string>()
  for (const { path } of files) {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      folders.add(path.slice(0, cut))
    }
  }
  return folders
}

function assertPackageInput(input: EvidencePackageInput): void {
  const bad = (detail: string): never => {
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `evidence package: ${detail}` })
  }
  if (input.runId.trim() === '') bad('runId is empty')
  if (!isExactPeriod(input.period)) bad(`period "${input.period}" is not YYYY-MM`)
  if (!ISO_DATE_TIME.test(input.createdAt)) bad(`createdAt "${input.createdAt}" is not an ISO date-time`)
  if (input.productVersion.trim() === '') bad('productVersion is empty')
  if (input.previousManifestSha256 !== null && !isSha256(input.previousManifestSha256)) {
    bad('previousManifestSha256 is not a lowercase hex SHA-256')
  }
  if ((input.previousAppendix ?? null) !== null && input.previousManifestSha256 === null)
    bad('previousAppendix is given without previousManifestSha256')
  if (input.previousManifestSha256 !== null && (input.previousAppendix ?? null) === null)
    bad('previousAppendix is required with previousManifestSha256')
  assertDistinctPaths(input.files, bad)
}

/** Case-insensitive, because an auditor may unpack the zip on a case-insensitive file system. */
function assertDistinctPaths(files: readonly EvidenceFileInput[], bad: (detail: string) => never): void {
  const seen = new Map<string, string>()
  for (const { path } of files) {
    assertPackagePath(path)
    const folded = path.toLowerCase()
    const earlier = seen.get(folded)
    if (earlier !== undefined) bad(`${path} is given twice${earlier === path ? '' : ` (as ${earlier})`}`)
    seen.set(folded, path)
  }
}
