import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { TieoutError } from '../../../shared/errors.ts'
import { storedAppendixHead } from '../appendix.ts'
import { byCodeUnits, walkFiles } from '../fs-util.ts'
import { sha256Hex } from '../hash.ts'
import { APPENDIX_DIR, isAppendixPath, MANIFEST_FILE, SEAL_FILE, SEAL_NAME } from '../layout.ts'
import { isExactPeriod, parseManifest } from '../manifest.ts'
import { openPackage, type PackageReader } from '../package-reader.ts'
import type { PreviousAppendix } from '../types.ts'
import { joinKey, packageKey, STORE_EVIDENCE, type EvidenceStore } from './evidence-store.ts'

/**
 * Evidence packages in the evidence store, found by run id: publish a package sealed in a run's
 * working folder, read it back (verify, zip), and find the period's latest package to chain to.
 */

/**
 * Publishes the sealed package in the local folder `dir` as the run's package in the store:
 * every file once, the appendix started with the package's first seal, and `manifest.json`
 * last, so a package in the store without its manifest is an unfinished publish, never read as
 * sealed. Publishing the same package again (a retried step) is accepted; a different package
 * under the same run refused (TIEOUT_ERR_CONFLICT), file by file.
 *
 * @returns the package's key in the store.
 */
export async function publishPackage(store: EvidenceStore, dir: string, period: string, runId: string): Promise<string> {
  const root = resolve(dir)
  const prefix = packageKey(period, runId)
  const { files } = await walkFiles(root)
  if (!files.has(MANIFEST_FILE) || !files.has(SEAL_FILE)) {
    throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `${root} is not a sealed package: nothing to publish` })
  }
  const local = (path: string) => join(root, ...path.split('/'))
  for (const path of [...files.keys()].sort(byCodeUnits)) {
    if (path === MANIFEST_FILE || isAppendixPath(path)) continue
    await store.putOnce(joinKey(prefix, path), { file: local(path) })
  }
  await store.startAppendix(prefix, [{ name: SEAL_NAME, bytes: await readFile(local(SEAL_FILE)) }])
  await store.putOnce(joinKey(prefix, MANIFEST_FILE), await readFile(local(MANIFEST_FILE)))
  return prefix
}

/**
 * The key of the run's package: the period is the one of the run when known, else found by
 * looking at each period of the store.
 *
 * @throws TIEOUT_ERR_NOT_FOUND when the store holds no package for the run.
 */
export async function findPackage(store: EvidenceStore, runId: string, period?: string): Promise<string> {
  const periods = period === undefined ? await store.folders(STORE_EVIDENCE) : [period]
  for (const candidate of periods.filter(isExactPeriod)) {
    if ((await store.folders(`${STORE_EVIDENCE}/${candidate}/${runId}`)).includes('evidence')) return packageKey(candidate, runId)
  }
  throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `evidence package of run ${runId}` })
}

/**
 * Opens the package at `prefix` for reading as `verify` and the zip read a folder: its files,
 * the appendix's records and its current seal. A package in a local store is read in place.
 */
export async function openStoredPackage(store: EvidenceStore, prefix: string): Promise<PackageReader> {
  const local = store.localPath(prefix)
  if (local !== null) return openPackage(local)
  const listed = await store.list(prefix)
  if (!listed.has(MANIFEST_FILE)) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `sealed evidence package ${prefix}` })
  const stored = await store.readAppendix(prefix)
  const appendix = new Map(stored.files.map((file) => [`${APPENDIX_DIR}/${file.name}`, Buffer.from(file.bytes)]))
  const files = new Map([...listed].filter(([path]) => !isAppendixPath(path)))
  // Anything else below appendix/ was put there outside the server: not part of the package, named all the same.
  const strays = [...listed.keys()].filter((path) => isAppendixPath(path) && !stored.storedAs.includes(path)).sort(byCodeUnits)
  for (const [path, bytes] of appendix) files.set(path, bytes.length)
  const missing = (path: string) => new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `${path} is not in ${prefix}` })
  const readBytes = async (path: string): Promise<Buffer> => {
    const bytes = appendix.get(path)
    if (bytes) return bytes
    if (!files.has(path)) throw missing(path)
    return store.read(joinKey(prefix, path))
  }
  return {
    kind: 'dir',
    location: `${store.location}/${prefix}`,
    files,
    problems: strays.map(
      (path) => `${path} is in the evidence store beside the appendix, which does not hold it: it was added outside the server`,
    ),
    open: async (path) => {
      const bytes = appendix.get(path)
      if (bytes) return Readable.from([bytes])
      if (!files.has(path)) throw missing(path)
      return store.open(joinKey(prefix, path))
    },
    readBytes,
    close: () => undefined,
  }
}

/**
 * What the next package of `period` records about the run before it, from the store: the
 * latest sealed package's manifest hash and its appendix now (count and head). Packages are
 * ordered by their manifest's `createdAt`, then run id, as in a local evidence folder.
 */
export async function latestStoredLink(
  store: EvidenceStore,
  period: string,
): Promise<{ previousManifestSha256: string | null; previousAppendix: PreviousAppendix | null }> {
  if (!isExactPeriod(period)) throw new TieoutError('TIEOUT_ERR_BAD_PERIOD', { value: period })
  let latest: { runId: string; createdAt: string; manifestSha256: string; prefix: string } | null = null
  for (const runId of await store.folders(`${STORE_EVIDENCE}/${period}`)) {
    const prefix = packageKey(period, runId)
    const bytes = await store.read(joinKey(prefix, MANIFEST_FILE)).catch((error: unknown) => {
      if (error instanceof TieoutError && error.code === 'TIEOUT_ERR_NOT_FOUND') return null
      throw error
    })
    if (bytes === null) continue
    const { manifest, problems } = parseManifest(bytes)
    if (!manifest || manifest.period !== period) {
      const detail = `cannot place the period's chain: ${prefix}/${MANIFEST_FILE}: ${manifest ? `is for period ${manifest.period}` : problems.join('; ')}`
      throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail })
    }
    const run = { runId: manifest.runId, createdAt: manifest.createdAt, manifestSha256: sha256Hex(bytes), prefix }
    if (
      latest === null ||
      byCodeUnits(latest.createdAt, run.createdAt) < 0 ||
      (latest.createdAt === run.createdAt && latest.runId < run.runId)
    ) {
      latest = run
    }
  }
  if (latest === null) return { previousManifestSha256: null, previousAppendix: null }
  const appendix = await storedAppendixHead(store, latest.prefix)
  return { previousManifestSha256: latest.manifestSha256, previousAppendix: { runId: latest.runId, ...appendix } }
}
