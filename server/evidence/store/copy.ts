import { TieoutError } from '../../../shared/errors.ts'
import { byCodeUnits } from '../fs-util.ts'
import { isAppendixPath, MANIFEST_FILE } from '../layout.ts'
import { isExactPeriod } from '../manifest.ts'
import { filesetKey, joinKey, packageKey, STORE_EVIDENCE, STORE_FILESETS, type EvidenceStore } from './evidence-store.ts'

/** The fileset record; the files of a fileset are copied before it. */
const FILESET_RECORD = 'fileset.json'
const FILESET_ID = /^[A-Za-z0-9_-]{1,64}$/

export type CopiedEvidence = {
  /** Packages written to the target (the others were there already, identical). */
  readonly packages: number
  readonly filesets: number
  readonly unchanged: number
}

/**
 * Copies every sealed package (appendix included) and every validated fileset of `from` into
 * `to`, e.g. a data directory into Azure Blob Storage before switching stores. Files keep their
 * bytes, so hashes, signatures, seals and the chains across runs stay valid. Run it while no
 * server appends to `from`. Running it again copies only what is missing.
 *
 * @throws TIEOUT_ERR_CONFLICT when `to` holds a package or fileset under the same name with other
 * bytes (or another appendix): nothing is ever overwritten.
 */
export async function copyEvidence(from: EvidenceStore, to: EvidenceStore): Promise<CopiedEvidence> {
  let packages = 0
  let filesets = 0
  let unchanged = 0
  for (const period of (await from.folders(STORE_EVIDENCE)).filter(isExactPeriod).sort(byCodeUnits)) {
    for (const runId of (await from.folders(`${STORE_EVIDENCE}/${period}`)).sort(byCodeUnits)) {
      const copied = await copyPackage(from, to, packageKey(period, runId))
      if (copied === 'copied') packages += 1
      else if (copied === 'unchanged') unchanged += 1
    }
  }
  for (const id of (await from.folders(STORE_FILESETS)).filter((name) => FILESET_ID.test(name)).sort(byCodeUnits)) {
    const prefix = filesetKey(id)
    const files = await from.list(prefix)
    if (!files.has(FILESET_RECORD)) continue
    const already = await to.exists(joinKey(prefix, FILESET_RECORD))
    const names = [...files.keys()].filter((name) => name !== FILESET_RECORD && !name.includes('/')).sort(byCodeUnits)
    for (const name of [...names, FILESET_RECORD]) await copyFile(from, to, joinKey(prefix, name))
    if (already) unchanged += 1
    else filesets += 1
  }
  return { packages, filesets, unchanged }
}

async function copyPackage(from: EvidenceStore, to: EvidenceStore, prefix: string): Promise<'copied' | 'unchanged' | 'unsealed'> {
  const manifest = joinKey(prefix, MANIFEST_FILE)
  if (!(await from.exists(manifest))) return 'unsealed'
  const appendix = (await from.readAppendix(prefix)).files
  if (await to.exists(manifest)) {
    await copyFile(from, to, manifest)
    const there = (await to.readAppendix(prefix)).files
    const same = there.length === appendix.length && there.every((file, n) => sameFile(file, appendix[n]))
    if (!same) {
      throw new TieoutError('TIEOUT_ERR_CONFLICT', {
        detail: `${prefix} is in the target store with another appendix (${there.length} file(s), not ${appendix.length}): it is never rewritten`,
      })
    }
    return 'unchanged'
  }
  const files = [...(await from.list(prefix)).keys()].filter((path) => path !== MANIFEST_FILE && !isAppendixPath(path))
  for (const path of files.sort(byCodeUnits)) await copyFile(from, to, joinKey(prefix, path))
  await to.startAppendix(prefix, appendix)
  await copyFile(from, to, manifest)
  return 'copied'
}

async function copyFile(from: EvidenceStore, to: EvidenceStore, key: string): Promise<void> {
  const local = from.localPath(key)
  await to.putOnce(key, local === null ? await from.read(key) : { file: local })
}

function sameFile(a: { name: string; bytes: Uint8Array }, b: { name: string; bytes: Uint8Array } | undefined): boolean {
  return b !== undefined && a.name === b.name && Buffer.from(a.bytes).equals(Buffer.from(b.bytes))
}
