import { checkAppendixChain } from './appendix-chain.ts'
import type { AppendixFile } from './appendix-chain.ts'
import { byCodeUnits } from './fs-util.ts'
import type { Digest } from './hash.ts'
import { digestStream, sha256Hex } from './hash.ts'
import { APPENDIX_DIR, isAppendixPath, MANIFEST_FILE } from './layout.ts'
import { parseManifest } from './manifest.ts'
import type { PackageReader } from './package-reader.ts'
import { openPackage } from './package-reader.ts'
import { checkPreviousLink } from './previous-link.ts'
import type { Manifest, ManifestEntry, VerifyReport } from './types.ts'

export type VerifyOptions = {
  /** The previous run's package (folder or zip) or manifest.json, to check the chain link. */
  readonly previousManifest?: string
  /** A manifest hash kept outside the package (by the auditor or the server's journal). */
  readonly expectedManifestSha256?: string
}

/**
 * Recomputes the size and SHA-256 of every file the manifest lists and names each file that
 * changed, went missing or was added; re-checks the appendix chain; and, given the previous
 * run's manifest, the link to it. Works on a folder or a zip, without server or database.
 *
 * What it proves: the files are the ones the manifest was sealed with, and the appendix records
 * chain unbroken to this manifest. What it cannot prove from the package alone: that the
 * manifest itself is the original. Someone with write access can regenerate a whole consistent
 * package (files, manifest, appendix). That is detected only against a hash kept elsewhere: the
 * next run's `previousManifestSha256`, the server's journal, or the `manifestSha256` printed
 * here and recorded by the auditor (`expectedManifestSha256`). Likewise a removed or edited last
 * appendix record leaves a valid chain; compare `appendix.headSha256` and `appendix.records`
 * with the journal.
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

async function verifyPackage(reader: PackageReader, options: VerifyOptions): Promise<VerifyReport> {
  const manifestBytes = await reader.readBytes(MANIFEST_FILE)
  const manifestSha256 = sha256Hex(manifestBytes)
  const { manifest, problems: manifestProblems } = parseManifest(manifestBytes)
  const files = manifest ? await compareFiles(reader, manifest) : emptyComparison()
  const appendix = checkAppendixChain(manifestSha256, await appendixFiles(reader))
  const link = await checkPreviousLink(manifest, options.previousManifest)
  const problems = [
    ...reader.problems,
    ...manifestProblems,
    ...expectedHashProblems(manifestSha256, options.expectedManifestSha256),
    ...files.problems,
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
    appendix,
    chain: link.chain,
    problems,
  }
}

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

function expectedHashProblems(actual: string, expected: string | undefined): string[] {
  if (expected === undefined || expected.toLowerCase() === actual) return []
  return [`manifest.json hashes to ${actual}, not the expected ${expected}: the manifest was replaced`]
}
