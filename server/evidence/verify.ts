import { basename, dirname } from 'node:path'
import { checkAppendixChain, parseJsonObject } from './appendix-chain.ts'
import type { AppendixFile } from './appendix-chain.ts'
import { EVIDENCE_FOLDER } from './chain.ts'
import { byCodeUnits } from './fs-util.ts'
import type { Digest } from './hash.ts'
import { digestStream, sha256Hex } from './hash.ts'
import { APPENDIX_DIR, EVIDENCE_PATHS, isAppendixPath, MANIFEST_FILE } from './layout.ts'
import { isExactPeriod, parseManifest } from './manifest.ts'
import type { PackageReader } from './package-reader.ts'
import { openPackage } from './package-reader.ts'
import { checkPreviousLink } from './previous-link.ts'
import { type EvidencePublicKey, fingerprintOfPem, SIGNING_ALGORITHM } from './signing.ts'
import type { Manifest, ManifestEntry, VerifyExpectations, VerifyReport } from './types.ts'

export type VerifyOptions = {
  /** The previous run's package (folder or zip) or manifest.json, to check the chain link. */
  readonly previousManifest?: string
  /** A manifest hash kept outside the package (by the auditor or the server's journal). */
  readonly expectedManifestSha256?: string
  /** Hashes recorded earlier (manifest, appendix head, key fingerprint): a mismatch fails. */
  readonly expect?: VerifyExpectations
}

/**
 * Recomputes the size and SHA-256 of every file the manifest lists and names each file that
 * changed, went missing or was added; re-checks the appendix chain; and, given the previous
 * run's manifest, the link to it. Works on a folder or a zip, without server or database.
 *
 * What it proves: the files are the ones the manifest was sealed with; every appendix record
 * chains to this manifest and is signed by the package's key; the signed seal matches the
 * records found, so a cut, edited or added tail shows. What it cannot prove from the package
 * alone: that the package as a whole is the original. Someone with write access and another key
 * can regenerate a consistent package, or restore an older complete state (older seal with its
 * records). That is detected only against values kept elsewhere: the signing key fingerprint,
 * the manifest hash and the appendix head an auditor recorded (`expect`), the server's journal,
 * or the next run's manifest (`previousManifestSha256`, `previousAppendix`).
 *
 * @throws TIEOUT_ERR_NOT_FOUND / TIEOUT_ERR_EVIDENCE when there is no sealed package to check.
 */
export async function verifyEvidence(pathToDirOrZip: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const reader = await openPackage(pathToDirOrZip)
  try {
    return await verifyPackage(reader, options)
  } finally {
    reader.close()
  }
}

/** `verifyEvidence` over a package already opened (a package in the evidence store); the caller closes the reader. */
export async function verifyPackage(reader: PackageReader, options: VerifyOptions = {}): Promise<VerifyReport> {
  const manifestBytes = await reader.readBytes(MANIFEST_FILE)
  const manifestSha256 = sha256Hex(manifestBytes)
  const { manifest, problems: manifestProblems } = parseManifest(manifestBytes)
  const files = manifest ? await compareFiles(reader, manifest) : emptyComparison()
  const key = manifest ? await packageKey(reader, manifest, files) : { key: null, problems: [] }
  const appendix = checkAppendixChain({ manifestSha256, runId: manifest?.runId ?? null, key: key.key }, await appendixFiles(reader))
  const link = await checkPreviousLink(manifest, options.previousManifest)
  const expect = { ...options.expect, ...(options.expectedManifestSha256 ? { manifestSha256: options.expectedManifestSha256 } : {}) }
  const problems = [
    ...reader.problems,
    ...manifestProblems,
    ...(manifest ? placeProblems(reader, manifest) : []),
    ...expectationProblems(expect, { manifestSha256, headSha256: appendix.headSha256, keyFingerprint: key.key?.fingerprint ?? null }),
    ...files.problems,
    ...key.problems,
    ...appendix.broken,
    ...link.problems,
  ]
  return {
    ok: problems.length === 0,
    source: reader.kind,
    manifestSha256,
    runId: manifest?.runId ?? null,
    period: manifest?.period ?? null,
    createdAt: manifest?.createdAt ?? null,
    checkedFiles: files.checked,
    changed: files.changed,
    missing: files.missing,
    added: files.added,
    appendix: { records: appendix.records, headSha256: appendix.headSha256, broken: appendix.broken, seal: appendix.seal },
    keyFingerprint: key.key?.fingerprint ?? null,
    chain: link.chain,
    problems,
  }
}

/**
 * The package's public key from `signing-key.json`, trusted only when that file is intact (it is
 * sealed in the manifest) and its key has the fingerprint the manifest names.
 */
async function packageKey(
  reader: PackageReader,
  manifest: Manifest,
  files: Comparison,
): Promise<{ key: EvidencePublicKey | null; problems: string[] }> {
  if (manifest.signingKeyFingerprint === null) return { key: null, problems: [] }
  const path = EVIDENCE_PATHS.signingKey
  const listed = manifest.files.some((entry) => entry.path === path)
  if (!listed || files.missing.includes(path) || files.changed.includes(path)) {
    return { key: null, problems: [`${path} is ${listed ? 'not intact' : 'not listed in the manifest'}: no signature can be checked`] }
  }
  const content = parseJsonObject(await reader.readBytes(path))
  const pem = typeof content?.publicKeyPem === 'string' ? content.publicKeyPem : ''
  const fingerprint = fingerprintOfPem(pem)
  if (content?.algorithm !== SIGNING_ALGORITHM || fingerprint === null) {
    return { key: null, problems: [`${path} does not hold an ${SIGNING_ALGORITHM} public key`] }
  }
  if (fingerprint !== manifest.signingKeyFingerprint) {
    return { key: null, problems: [`${path} holds key ${fingerprint}, but the manifest names ${manifest.signingKeyFingerprint}`] }
  }
  return { key: { algorithm: SIGNING_ALGORITHM, fingerprint, publicKeyPem: pem }, problems: [] }
}

/**
 * A package lives at `<period>/<runId>/evidence` in the evidence store (or zipped under
 * `tieout-evidence-<period>-<runId>/`): one copied under another run's name is refused, whatever
 * its own content says.
 */
function placeProblems(reader: PackageReader, manifest: Manifest): string[] {
  const placed = placedAs(reader)
  if (!placed) return []
  const problems: string[] = []
  if (placed.runId !== manifest.runId) {
    problems.push(
      `${placed.where} is the folder of run ${placed.runId}, but manifest.json is run ${manifest.runId}'s: the package was copied or swapped`,
    )
  }
  if (placed.period !== manifest.period) {
    problems.push(`${placed.where} is a folder of period ${placed.period}, but manifest.json is for ${manifest.period}`)
  }
  return problems
}

function placedAs(reader: PackageReader): { runId: string; period: string; where: string } | null {
  if (reader.kind === 'zip') {
    const match = /^tieout-evidence-(\d{4}-\d{2})-(.+)$/.exec(reader.location)
    return match?.[1] && match[2] ? { period: match[1], runId: match[2], where: `${reader.location}/` } : null
  }
  if (basename(reader.location) !== EVIDENCE_FOLDER) return null
  const runDir = dirname(reader.location)
  const period = basename(dirname(runDir))
  const runId = basename(runDir)
  // Only the store's own layout (run ids are UUIDs): a copy the user placed elsewhere is not judged by its path.
  return isExactPeriod(period) && UUID.test(runId) ? { period, runId, where: reader.location } : null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Comparison = {
  checked: number
  readonly changed: string[]
  readonly missing: string[]
  readonly added: string[]
  readonly problems: string[]
}

function emptyComparison(): Comparison {
  return { checked: 0, changed: [], missing: [], added: [], problems: [] }
}

async function compareFiles(reader: PackageReader, manifest: Manifest): Promise<Comparison> {
  const result = emptyComparison()
  const listed = new Set<string>()
  for (const entry of manifest.files) {
    listed.add(entry.path)
    const size = reader.files.get(entry.path)
    if (size === undefined) {
      result.missing.push(entry.path)
      result.problems.push(`${entry.path} is listed in the manifest but missing`)
      continue
    }
    result.checked += 1
    const problem = await fileProblem(reader, entry, size)
    if (problem) {
      result.changed.push(entry.path)
      result.problems.push(problem)
    }
  }
  for (const path of [...reader.files.keys()].sort(byCodeUnits)) {
    if (path === MANIFEST_FILE || isAppendixPath(path) || listed.has(path)) continue
    result.added.push(path)
    result.problems.push(`${path} is present but not listed in the manifest`)
  }
  return result
}

async function fileProblem(reader: PackageReader, entry: ManifestEntry, size: number): Promise<string | null> {
  // A different size is a change already; hashing hundreds of MB would add nothing.
  if (size !== entry.size) return `${entry.path} changed: ${size} bytes, the manifest says ${entry.size}`
  let digest: Digest
  try {
    digest = await digestStream(await reader.open(entry.path))
  } catch (error) {
    return `${entry.path} changed: it cannot be read (${(error as Error).message})`
  }
  if (digest.size !== entry.size) return `${entry.path} changed: ${digest.size} bytes, the manifest says ${entry.size}`
  if (digest.sha256 !== entry.sha256) {
    return `${entry.path} changed: sha256 ${digest.sha256}, the manifest says ${entry.sha256}`
  }
  return null
}

async function appendixFiles(reader: PackageReader): Promise<AppendixFile[]> {
  const files: AppendixFile[] = []
  for (const path of [...reader.files.keys()].sort(byCodeUnits)) {
    if (isAppendixPath(path)) files.push({ name: path.slice(APPENDIX_DIR.length + 1), bytes: await reader.readBytes(path) })
  }
  return files
}

type Found = { readonly manifestSha256: string; readonly headSha256: string | null; readonly keyFingerprint: string | null }

function expectationProblems(expected: VerifyExpectations, found: Found): string[] {
  const problems: string[] = []
  const differs = (want: string | undefined, actual: string | null): boolean =>
    want !== undefined && want.toLowerCase() !== (actual ?? 'none')
  if (differs(expected.manifestSha256, found.manifestSha256)) {
    problems.push(`manifest.json hashes to ${found.manifestSha256}, not the expected ${expected.manifestSha256}: the manifest was replaced`)
  }
  if (differs(expected.appendixHeadSha256, found.headSha256)) {
    problems.push(
      `${APPENDIX_DIR}: the head is ${found.headSha256 ?? 'none (no record)'}, not the expected ${expected.appendixHeadSha256}: records were cut, added or replaced`,
    )
  }
  if (differs(expected.keyFingerprint, found.keyFingerprint)) {
    problems.push(
      `${EVIDENCE_PATHS.signingKey}: the signing key is ${found.keyFingerprint ?? 'none'}, not the expected ${expected.keyFingerprint}: the package was re-signed by another key`,
    )
  }
  return problems
}
