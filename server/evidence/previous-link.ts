import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import { parseAppendixName } from './appendix-chain.ts'
import { isErrno } from './fs-util.ts'
import { sha256Hex } from './hash.ts'
import { APPENDIX_DIR, isAppendixPath, MANIFEST_FILE } from './layout.ts'
import { parseManifest } from './manifest.ts'
import { isZipFile, openPackage, type PackageReader } from './package-reader.ts'
import type { Manifest, VerifyReport } from './types.ts'

export type LinkCheck = { readonly chain: VerifyReport['chain']; readonly problems: readonly string[] }

/**
 * Checks this package's link to the previous run of its period: the previous manifest's bytes
 * must hash to `previousManifestSha256`, and that manifest must be of the same period and older.
 * `previous` is the previous package (folder or zip), its manifest.json, or a kept copy of it.
 */
export async function checkPreviousLink(manifest: Manifest | null, previous: string | undefined): Promise<LinkCheck> {
  const recorded = manifest?.previousManifestSha256 ?? null
  const previousAppendix = manifest?.previousAppendix ?? null
  if (previous === undefined)
    return { chain: { previousManifestSha256: recorded, previousAppendix, checked: false, ok: null }, problems: [] }
  const found = await previousPackage(previous)
  const problems = manifest
    ? [...linkProblems(manifest, found.manifest), ...appendixLinkProblems(manifest, found)]
    : ['the link to the previous run cannot be checked without a readable manifest.json']
  return { chain: { previousManifestSha256: recorded, previousAppendix, checked: true, ok: problems.length === 0 }, problems }
}

/**
 * The later manifest names the previous run's appendix head at the time it was sealed: that
 * record must still be in the previous package, with the same bytes. A trail cut or rewritten
 * afterwards breaks this link. Checked when the previous package (not only its manifest) is given.
 */
function appendixLinkProblems(manifest: Manifest, found: PreviousPackage): string[] {
  const recorded = manifest.previousAppendix
  if (recorded === null || found.appendix === null) return []
  const previous = parseManifest(found.manifest).manifest
  const problems: string[] = []
  if (previous && previous.runId !== recorded.runId) {
    problems.push(`manifest.json names run ${recorded.runId}'s appendix, but the given previous package is run ${previous.runId}'s`)
  }
  if (recorded.records === 0 || recorded.headSha256 === null) return problems
  const record = found.appendix.get(recorded.records)
  if (!record) {
    problems.push(
      `the previous run's ${APPENDIX_DIR} has no record ${recorded.records}, but this manifest records its head as record ${recorded.records} (${recorded.headSha256}): the previous run's trail was cut`,
    )
  } else if (record.sha256 !== recorded.headSha256) {
    problems.push(
      `the previous run's ${APPENDIX_DIR}/${record.name} hashes to ${record.sha256}, but this manifest records ${recorded.headSha256}: the previous run's trail was rewritten`,
    )
  }
  return problems
}

function linkProblems(manifest: Manifest, previousBytes: Buffer): string[] {
  const actual = sha256Hex(previousBytes)
  if (manifest.previousManifestSha256 === null) {
    return [`manifest.json records no previous run, but a previous manifest (sha256 ${actual}) was given`]
  }
  const problems: string[] = []
  if (manifest.previousManifestSha256 !== actual) {
    problems.push(
      `manifest.json links to previous manifest sha256 ${manifest.previousManifestSha256}, but the given previous manifest hashes to ${actual}`,
    )
  }
  const previous = parseManifest(previousBytes).manifest
  if (!previous) return [...problems, 'the given previous manifest is not a readable manifest']
  if (previous.period !== manifest.period) {
    problems.push(`the previous manifest is for period ${previous.period}, not ${manifest.period}`)
  }
  if (previous.createdAt > manifest.createdAt) {
    problems.push(`the previous manifest was created at ${previous.createdAt}, after this package (${manifest.createdAt})`)
  }
  return problems
}

type PreviousPackage = {
  readonly manifest: Buffer
  /** Record hashes by sequence number; null when only a manifest was given. */
  readonly appendix: ReadonlyMap<number, { name: string; sha256: string }> | null
}

async function previousPackage(previous: string): Promise<PreviousPackage> {
  const path = resolve(previous)
  try {
    const folder = (await stat(path)).isDirectory()
    if (!folder && !(await isZipFile(path))) return { manifest: await readFile(path), appendix: null }
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `previous manifest at ${path}` })
    throw error
  }
  const reader = await openPackage(path)
  try {
    return { manifest: await reader.readBytes(MANIFEST_FILE), appendix: await recordHashes(reader) }
  } finally {
    reader.close()
  }
}

async function recordHashes(reader: PackageReader): Promise<Map<number, { name: string; sha256: string }>> {
  const hashes = new Map<number, { name: string; sha256: string }>()
  for (const path of reader.files.keys()) {
    const name = isAppendixPath(path) ? parseAppendixName(path.slice(APPENDIX_DIR.length + 1)) : null
    if (name) hashes.set(name.seq, { name: name.name, sha256: sha256Hex(await reader.readBytes(path)) })
  }
  return hashes
}
