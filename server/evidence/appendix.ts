import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { TieoutError } from '../../shared/errors.ts'
import { appendixRecordName, parseAppendixName, signedJson, type AppendixFile } from './appendix-chain.ts'
import { isErrno, syncDir, writeDurable } from './fs-util.ts'
import { sha256Hex } from './hash.ts'
import { APPENDIX_DIR, MANIFEST_FILE, PARTIAL_SUFFIX, SEAL_NAME } from './layout.ts'
import { ISO_DATE_TIME, parseManifest } from './manifest.ts'
import type { EvidenceSigner } from './signing.ts'
import type { AppendixKind, AppendixRecord, AppendixSeal, Manifest } from './types.ts'
import { joinKey, type EvidenceStore } from './store/evidence-store.ts'
import { createLocalStore } from './store/local-store.ts'

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

// Appends to one package through one store object are queued (fewer conflicts); between store
// objects, processes or machines the store's conditional append decides, and the loser reads the
// new head and tries again.
const appendQueues = new WeakMap<EvidenceStore, Map<string, Promise<unknown>>>()
/** One local store per folder for `appendEvidenceRecord`, so its appends to a package queue up. */
const folderStores = new Map<string, EvidenceStore>()
/** Conflicting appends retried this many times (each after re-reading the head) before giving up. */
const APPEND_ATTEMPTS = 40

/**
 * Appends a review, sign-off or reopen record to a sealed package (methodology §10): the package's files
 * stay as sealed; the record is a new file `appendix/NNNNNN-<kind>.json` whose
 * `previousRecordSha256` is the hash of the previous record's bytes (record 1: the manifest's
 * hash), signed with `signer`; with it comes a new seal (`appendix/seal.json`: count and head,
 * signed) that replaces the previous one as the package shows it.
 *
 * @throws TIEOUT_ERR_NOT_FOUND when `dir` is not a sealed package.
 * @throws TIEOUT_ERR_EVIDENCE when the appendix's record numbering is broken, or the package is
 * signed with another key than `signer`'s.
 * @throws TIEOUT_ERR_BAD_INPUT for an invalid kind, date-time, actor or a payload that is not JSON.
 */
export async function appendEvidenceRecord(dir: string, record: AppendixInput, signer: EvidenceSigner): Promise<AppendedRecord> {
  const root = resolve(dir)
  if (root.endsWith(PARTIAL_SUFFIX)) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `sealed evidence package ${root}` })
  const parent = dirname(root)
  let store = folderStores.get(parent)
  if (!store) folderStores.set(parent, (store = createLocalStore(parent)))
  return appendStoredRecord(store, basename(root), record, signer)
}

/**
 * Appends a record to the package at `prefix` in `store`: reads the appendix, builds the next
 * record and seal, and adds them only if no other writer appended meanwhile; otherwise reads
 * the new head and tries again. Two processes appending at once both succeed, one after the
 * other, and the chain stays whole.
 */
export async function appendStoredRecord(
  store: EvidenceStore,
  prefix: string,
  record: AppendixInput,
  signer: EvidenceSigner,
): Promise<AppendedRecord> {
  const text = recordText(record)
  let queues = appendQueues.get(store)
  if (!queues) appendQueues.set(store, (queues = new Map()))
  return await serialized(queues, prefix, () => appendWithRetry(store, prefix, record, text, signer))
}

async function appendWithRetry(
  store: EvidenceStore,
  prefix: string,
  record: AppendixInput,
  payloadText: string,
  signer: EvidenceSigner,
): Promise<AppendedRecord> {
  const where = store.localPath(prefix) ?? `${store.location}/${prefix}`
  const { manifest, manifestSha256 } = await readSealedManifest(store, prefix, where)
  if (manifest.signingKeyFingerprint !== signer.fingerprint) {
    const detail = `${where} is signed with key ${manifest.signingKeyFingerprint ?? '(none)'}, not this server's key ${signer.fingerprint}`
    throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail })
  }
  for (let attempt = 1; attempt <= APPEND_ATTEMPTS; attempt += 1) {
    const appendix = await store.readAppendix(prefix)
    const head = chainHead(manifestSha256, where, appendix.files)
    const seq = head.seq + 1
    const name = appendixRecordName(seq, record.kind)
    const bytes = recordFile(seq, record, payloadText, head.sha256, signer)
    const sha256 = sha256Hex(bytes)
    const seal = sealBytes({ runId: manifest.runId, manifestSha256, records: seq, headSha256: sha256 }, signer)
    if (await store.appendToAppendix(prefix, appendix.version, { name, bytes }, seal)) {
      return { seq, sha256, path: `${APPENDIX_DIR}/${name}`, records: seq, keyFingerprint: signer.fingerprint }
    }
    await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt))
  }
  throw new TieoutError('TIEOUT_ERR_CONFLICT', {
    detail: `${where}: the appendix kept changing under ${APPEND_ATTEMPTS} attempts to append; try again`,
  })
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
  const temp = join(folder, `.${SEAL_NAME}.tmp`)
  await rm(temp, { force: true })
  await writeDurable(temp, sealBytes(seal, signer))
  await rename(temp, join(folder, SEAL_NAME))
  await syncDir(folder)
}

/** The signed seal's bytes: count and head of the appendix. */
export function sealBytes(seal: Omit<AppendixSeal, 'keyFingerprint' | 'signature'>, signer: EvidenceSigner): Buffer {
  const unsigned: Omit<AppendixSeal, 'signature'> = { ...seal, keyFingerprint: signer.fingerprint }
  return signedJson(unsigned, signer)
}

async function readSealedManifest(
  store: EvidenceStore,
  prefix: string,
  where: string,
): Promise<{ manifest: Manifest; manifestSha256: string }> {
  const bytes = await store.read(joinKey(prefix, MANIFEST_FILE)).catch((error: unknown) => {
    if (error instanceof TieoutError && error.code === 'TIEOUT_ERR_NOT_FOUND') {
      throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `sealed evidence package ${where}` }, { cause: error })
    }
    throw error
  })
  const { manifest, problems } = parseManifest(bytes)
  if (!manifest) throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `${where}/${MANIFEST_FILE}: ${problems.join('; ')}; run verify` })
  return { manifest, manifestSha256: sha256Hex(bytes) }
}

function chainHead(manifestSha256: string, where: string, files: readonly AppendixFile[]): { seq: number; sha256: string } {
  const records = files.flatMap((file) => {
    const name = parseAppendixName(file.name)
    return name ? [{ ...name, bytes: file.bytes }] : []
  })
  records.sort((a, b) => a.seq - b.seq)
  const last = records.at(-1)
  if (!last) return { seq: 0, sha256: manifestSha256 }
  if (last.seq !== records.length || new Set(records.map((r) => r.seq)).size !== records.length) {
    const detail = `${where}/${APPENDIX_DIR} does not number its records 1..${records.length}; run verify`
    throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail })
  }
  return { seq: last.seq, sha256: sha256Hex(last.bytes) }
}

/** The appendix of a package in a store as it stands: its record count and the hash of its last record. */
export async function storedAppendixHead(store: EvidenceStore, prefix: string): Promise<{ records: number; headSha256: string | null }> {
  const records = (await store.readAppendix(prefix)).files.flatMap((file) => {
    const name = parseAppendixName(file.name)
    return name ? [{ seq: name.seq, bytes: file.bytes }] : []
  })
  const last = records.sort((a, b) => a.seq - b.seq).at(-1)
  return { records: records.length, headSha256: last ? sha256Hex(last.bytes) : null }
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

function serialized<T>(queues: Map<string, Promise<unknown>>, key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve()
  const next = previous.then(task)
  const settled = next.catch(() => undefined)
  queues.set(key, settled)
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key)
  })
  return next
}
