import { link, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import { appendixRecordName, parseAppendixName, signedJson } from './appendix-chain.ts'
import { isErrno, pathExists, syncDir, writeDurable } from './fs-util.ts'
import { sha256Hex } from './hash.ts'
import { APPENDIX_DIR, MANIFEST_FILE, PARTIAL_SUFFIX, SEAL_NAME } from './layout.ts'
import { ISO_DATE_TIME, parseManifest } from './manifest.ts'
import type { EvidenceSigner } from './signing.ts'
import type { AppendixKind, AppendixRecord, AppendixSeal, Manifest } from './types.ts'

export type AppendixInput = {
  readonly kind: AppendixKind
  /** ISO date-time of the review or sign-off. */
  readonly at: string
  readonly actor: string
  /** Any JSON value: the review records or the sign-off. */
  readonly payload: unknown
}

export type AppendedRecord = {
  readonly seq: number
  /** SHA-256 of the record file's bytes: journal it, it is the chain's head until the next append. */
  readonly sha256: string
  /** Relative posix path inside the package. */
  readonly path: string
  /** Records in the appendix after this append (the seal's count). */
  readonly records: number
  /** Fingerprint of the key that signed the record and the seal. */
  readonly keyFingerprint: string
}

const STALE_TEMP = /^\..+\.tmp$/

// Appends to one package are serialized per process; one process (the server) appends.
const appendQueues = new Map<string, Promise<unknown>>()

/**
 * Appends a review, sign-off or reopen record to a sealed package (methodology §10): the package's files
 * stay as sealed; the record is a new file `appendix/NNNNNN-<kind>.json` whose
 * `previousRecordSha256` is the hash of the previous record's bytes (record 1: the manifest's
 * hash), signed with `signer`; then the seal (`appendix/seal.json`: count and head, signed) is
 * rewritten.
 *
 * @throws TIEOUT_ERR_NOT_FOUND when `dir` is not a sealed package.
 * @throws TIEOUT_ERR_EVIDENCE when the appendix's record numbering is broken, or the package is
 * signed with another key than `signer`'s.
 * @throws TIEOUT_ERR_BAD_INPUT for an invalid kind, date-time, actor or a payload that is not JSON.
 */
export async function appendEvidenceRecord(dir: string, record: AppendixInput, signer: EvidenceSigner): Promise<AppendedRecord> {
  const text = recordText(record)
  const root = resolve(dir)
  return await serialized(root, () => appendLocked(root, record, text, signer))
}

async function appendLocked(root: string, record: AppendixInput, payloadText: string, signer: EvidenceSigner): Promise<AppendedRecord> {
  await assertSealed(root)
  const { manifest, manifestSha256 } = await readSealedManifest(root)
  if (manifest.signingKeyFingerprint !== signer.fingerprint) {
    const detail = `${root} is signed with key ${manifest.signingKeyFingerprint ?? '(none)'}, not this server's key ${signer.fingerprint}`
    throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail })
  }
  const folder = join(root, APPENDIX_DIR)
  await mkdir(folder, { recursive: true })
  const head = await chainHead(manifestSha256, root, folder)
  const seq = head.seq + 1
  const name = appendixRecordName(seq, record.kind)
  const bytes = recordFile(seq, record, payloadText, head.sha256, signer)
  await writeExclusive(folder, name, bytes)
  const sha256 = sha256Hex(bytes)
  await writeSeal(root, { runId: manifest.runId, manifestSha256, records: seq, headSha256: sha256 }, signer)
  return { seq, sha256, path: `${APPENDIX_DIR}/${name}`, records: seq, keyFingerprint: signer.fingerprint }
}

/** The full record text, fields in the documented order, signature last; the payload keeps its JSON form. */
function recordFile(seq: number, record: AppendixInput, payloadText: string, previous: string, signer: EvidenceSigner): Buffer {
  const content: Omit<AppendixRecord, 'signature'> = {
    seq,
    kind: record.kind,
    at: record.at,
    actor: record.actor,
    payload: JSON.parse(payloadText) as unknown,
    previousRecordSha256: previous,
    keyFingerprint: signer.fingerprint,
  }
  return signedJson(content, signer)
}

/**
 * Writes `appendix/seal.json` of the package at `root` (a sealed package, or one being written):
 * written aside and renamed over the old seal, so a reader sees the old or the new one whole.
 */
export async function writeSeal(
  root: string,
  seal: Omit<AppendixSeal, 'keyFingerprint' | 'signature'>,
  signer: EvidenceSigner,
): Promise<void> {
  const folder = join(root, APPENDIX_DIR)
  await mkdir(folder, { recursive: true })
  const unsigned: Omit<AppendixSeal, 'signature'> = { ...seal, keyFingerprint: signer.fingerprint }
  const temp = join(folder, `.${SEAL_NAME}.tmp`)
  await rm(temp, { force: true })
  await writeDurable(temp, signedJson(unsigned, signer))
  await rename(temp, join(folder, SEAL_NAME))
  await syncDir(folder)
}

async function readSealedManifest(root: string): Promise<{ manifest: Manifest; manifestSha256: string }> {
  const bytes = await readFile(join(root, MANIFEST_FILE))
  const { manifest, problems } = parseManifest(bytes)
  if (!manifest) throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `${root}/${MANIFEST_FILE}: ${problems.join('; ')}; run verify` })
  return { manifest, manifestSha256: sha256Hex(bytes) }
}

/** Written aside, then linked into place: a record file is complete or absent, never overwritten. */
async function writeExclusive(folder: string, name: string, bytes: Buffer): Promise<void> {
  const temp = join(folder, `.${name}.tmp`)
  await rm(temp, { force: true })
  await writeDurable(temp, bytes)
  try {
    await link(temp, join(folder, name))
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error
    throw new TieoutError('TIEOUT_ERR_CONFLICT', { detail: `appendix record ${name} already exists` })
  } finally {
    await rm(temp, { force: true })
  }
  await syncDir(folder)
}

async function chainHead(manifestSha256: string, root: string, folder: string): Promise<{ seq: number; sha256: string }> {
  const names = await readdir(folder)
  for (const name of names) if (STALE_TEMP.test(name)) await rm(join(folder, name), { force: true })
  const records = names.flatMap((name) => parseAppendixName(name) ?? []).sort((a, b) => a.seq - b.seq)
  const last = records.at(-1)
  if (!last) return { seq: 0, sha256: manifestSha256 }
  if (last.seq !== records.length || new Set(records.map((r) => r.seq)).size !== records.length) {
    const detail = `${root}/${APPENDIX_DIR} does not number its records 1..${records.length}; run verify`
    throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail })
  }
  return { seq: last.seq, sha256: sha256Hex(await readFile(join(folder, last.name))) }
}

/** The appendix of a sealed package as it stands: its record count and the hash of its last record. */
export async function currentAppendix(dir: string): Promise<{ records: number; headSha256: string | null }> {
  const root = resolve(dir)
  const names = await readdir(join(root, APPENDIX_DIR)).catch((error: unknown) => {
    if (isErrno(error, 'ENOENT')) return [] as string[]
    throw error
  })
  const records = names.flatMap((name) => parseAppendixName(name) ?? []).sort((a, b) => a.seq - b.seq)
  const last = records.at(-1)
  if (!last) return { records: 0, headSha256: null }
  return { records: records.length, headSha256: sha256Hex(await readFile(join(root, APPENDIX_DIR, last.name))) }
}

async function assertSealed(root: string): Promise<void> {
  if (root.endsWith(PARTIAL_SUFFIX) || !(await pathExists(join(root, MANIFEST_FILE)))) {
    throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `sealed evidence package ${root}` })
  }
}

function recordText(record: AppendixInput): string {
  const bad = (detail: string): never => {
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `appendix record: ${detail}` })
  }
  if (!['review', 'signoff', 'reopen'].includes(record.kind)) bad(`kind "${String(record.kind)}" is not review, signoff or reopen`)
  if (!ISO_DATE_TIME.test(record.at)) bad(`at "${record.at}" is not an ISO date-time`)
  if (record.actor.trim() === '') bad('actor is empty')
  let text: string | undefined
  try {
    text = JSON.stringify(record.payload)
  } catch (error) {
    bad(`payload is not JSON: ${(error as Error).message}`)
  }
  return text ?? bad('payload is not a JSON value')
}

function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = appendQueues.get(key) ?? Promise.resolve()
  const next = previous.then(task)
  const settled = next.catch(() => undefined)
  appendQueues.set(key, settled)
  void settled.then(() => {
    if (appendQueues.get(key) === settled) appendQueues.delete(key)
  })
  return next
}
