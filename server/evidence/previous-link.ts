import { readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import { isErrno } from './fs-util.ts'
import { sha256Hex } from './hash.ts'
import { MANIFEST_FILE } from './layout.ts'
import { parseManifest } from './manifest.ts'
import { isZipFile, openPackage } from './package-reader.ts'
import type { Manifest, VerifyReport } from './types.ts'

export type LinkCheck = { readonly chain: VerifyReport['chain']; readonly problems: readonly string[] }

/**
 * Checks this package's link to the previous run of its period: the previous manifest's bytes
 * must hash to `previousManifestSha256`, and that manifest must be of the same period and older.
 * `previous` is the previous package (folder or zip), its manifest.json, or a kept copy of it.
 */
export async function checkPreviousLink(manifest: Manifest | null, previous: string | undefined): Promise<LinkCheck> {
  const recorded = manifest?.previousManifestSha256 ?? null
  if (previous === undefined) return { chain: { previousManifestSha256: recorded, checked: false, ok: null }, problems: [] }
  const bytes = await previousManifestBytes(previous)
  const problems = manifest
    ? linkProblems(manifest, bytes)
    : ['the link to the previous run cannot be checked without a readable manifest.json']
  return { chain: { previousManifestSha256: recorded, checked: true, ok: problems.length === 0 }, problems }
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

async function previousManifestBytes(previous: string): Promise<Buffer> {
  const path = resolve(previous)
  try {
    if ((await stat(path)).isDirectory()) return await readFile(join(path, MANIFEST_FILE))
    if (!(await isZipFile(path))) return await readFile(path)
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `previous manifest at ${path}` })
    throw error
  }
  const reader = await openPackage(path)
  try {
    return await reader.readBytes(MANIFEST_FILE)
  } finally {
    reader.close()
  }
}
