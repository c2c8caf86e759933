import { sha256Hex } from './hash.ts'
import { APPENDIX_DIR, evidenceJson, SEAL_FILE, SEAL_NAME } from './layout.ts'
import { isRecord } from './manifest.ts'
import { type EvidencePublicKey, type EvidenceSigner, signatureValid } from './signing.ts'
import type { AppendixKind } from './types.ts'

/**
 * The appendix's hash chain and its signatures, as pure checks over file names and bytes: record
 * 1 carries the manifest's hash, record n the hash of record n−1's bytes; every record and the
 * seal (`appendix/seal.json`: count and head) are signed with the package's key. An edit inside
 * the chain breaks the next link and the record's signature; a cut, edited or added tail no
 * longer matches the seal. Only a rollback to an older complete state (older seal and records
 * together) needs an outside anchor: the server's journal, the next run's manifest or the head
 * an auditor wrote down.
 */
const RECORD_NAME = /^(\d{6,})-(review|signoff|reopen)\.json$/

export function appendixRecordName(seq: number, kind: AppendixKind): string {
  return `${String(seq).padStart(6, '0')}-${kind}.json`
}

export type AppendixName = { readonly name: string; readonly seq: number; readonly kind: AppendixKind }

export function parseAppendixName(name: string): AppendixName | null {
  const match = RECORD_NAME.exec(name)
  if (!match?.[1] || !match[2]) return null
  return { name, seq: Number(match[1]), kind: match[2] as AppendixKind }
}

/** JSON text with a trailing `signature` over the same text without it. */
export function signedJson(unsigned: Record<string, unknown>, signer: EvidenceSigner): Buffer {
  const signature = signer.sign(Buffer.from(evidenceJson(unsigned), 'utf8'))
  return Buffer.from(evidenceJson({ ...unsigned, signature }), 'utf8')
}

/** Whether `content` (parsed from a signed file) carries a valid signature by `key`. */
export function hasValidSignature(content: Record<string, unknown>, key: EvidencePublicKey): boolean {
  const { signature, ...unsigned } = content
  return signatureValid(key.publicKeyPem, Buffer.from(evidenceJson(unsigned), 'utf8'), signature)
}

/** A file found in `appendix/`: its name there and its bytes. */
export type AppendixFile = { readonly name: string; readonly bytes: Uint8Array }

export type AppendixCheck = {
  readonly records: number
  readonly headSha256: string | null
  readonly broken: readonly string[]
  readonly seal: { readonly records: number; readonly headSha256: string | null } | null
  /** SHA-256 of each record's bytes, by sequence number (to check a later run's link to this trail). */
  readonly hashes: ReadonlyMap<number, string>
}

export type AppendixContext = {
  readonly manifestSha256: string
  readonly runId: string | null
  /** The package's key; null for a package that has none (format 1): its records cannot be trusted. */
  readonly key: EvidencePublicKey | null
}

export function checkAppendixChain(context: AppendixContext, files: readonly AppendixFile[]): AppendixCheck {
  const broken: string[] = []
  const records = orderedRecords(files, broken)
  const hashes = new Map<number, string>()
  let expected = { seq: 1, sha256: context.manifestSha256, label: 'manifest.json' }
  for (const record of records) {
    const path = `${APPENDIX_DIR}/${record.name}`
    if (record.seq > expected.seq) broken.push(missingRange(expected.seq, record.seq - 1))
    broken.push(...recordProblems(path, record, expected, context.key))
    const sha256 = sha256Hex(record.bytes)
    hashes.set(record.seq, sha256)
    expected = { seq: record.seq + 1, sha256, label: path }
  }
  const head = records.at(-1)
  const found = { records: records.length, headSha256: head ? sha256Hex(head.bytes) : null, lastSeq: head?.seq ?? 0 }
  const sealFile = files.find((file) => file.name === SEAL_NAME)
  const seal = context.key ? checkSeal(context, sealFile, found, records, broken) : null
  if (!context.key && records.length > 0) {
    broken.push(`${APPENDIX_DIR}: the package has no signing key, so none of its ${records.length} record(s) can be checked for forgery`)
  }
  return { records: found.records, headSha256: found.headSha256, broken, seal, hashes }
}

type NamedFile = AppendixName & { readonly bytes: Uint8Array }

function orderedRecords(files: readonly AppendixFile[], broken: string[]): NamedFile[] {
  const bySeq = new Map<number, NamedFile>()
  for (const file of files) {
    if (file.name === SEAL_NAME) continue
    const name = parseAppendixName(file.name)
    const earlier = name ? bySeq.get(name.seq) : undefined
    if (!name) broken.push(`${APPENDIX_DIR}/${file.name} is not an appendix record (NNNNNN-review.json, -signoff.json or -reopen.json)`)
    else if (earlier) broken.push(`${APPENDIX_DIR}/${file.name} repeats record ${name.seq} of ${APPENDIX_DIR}/${earlier.name}`)
    else bySeq.set(name.seq, { ...name, bytes: file.bytes })
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

function recordProblems(
  path: string,
  record: NamedFile,
  expected: { readonly sha256: string; readonly label: string },
  key: EvidencePublicKey | null,
): string[] {
  const content = parseJsonObject(record.bytes)
  if (!content) return [`${path} is not a JSON appendix record`]
  const problems: string[] = []
  if (content.seq !== record.seq) problems.push(`${path} holds seq ${String(content.seq)}, not ${record.seq}`)
  if (content.kind !== record.kind) problems.push(`${path} holds kind ${String(content.kind)}, not ${record.kind}`)
  if (content.previousRecordSha256 !== expected.sha256) {
    const culprit = expected.label === 'manifest.json' ? 'the manifest' : `${expected.label} (or a record between)`
    problems.push(`${path} does not chain to ${expected.label}: ${culprit} was changed or removed, or this record was edited`)
  }
  if (key) {
    if (content.keyFingerprint !== key.fingerprint) {
      problems.push(`${path} names signing key ${String(content.keyFingerprint)}, not the package's key ${key.fingerprint}: it was forged`)
    } else if (!hasValidSignature(content, key)) {
      problems.push(`${path} has no valid signature: it was edited or forged without the server's key`)
    }
  }
  return problems
}

type Found = { readonly records: number; readonly headSha256: string | null; readonly lastSeq: number }

function checkSeal(
  context: AppendixContext,
  file: AppendixFile | undefined,
  found: Found,
  records: readonly NamedFile[],
  broken: string[],
): AppendixCheck['seal'] {
  const key = context.key as EvidencePublicKey
  if (!file) {
    broken.push(`${SEAL_FILE} is missing: the end of the appendix cannot be checked (records may have been cut)`)
    return null
  }
  const content = parseJsonObject(file.bytes)
  const sealProblem = !content
    ? 'is not JSON'
    : content.keyFingerprint !== key.fingerprint || !hasValidSignature(content, key)
      ? "has no valid signature: it was edited or forged without the server's key"
      : content.manifestSha256 !== context.manifestSha256
        ? 'belongs to another package (another manifest hash)'
        : context.runId !== null && content.runId !== context.runId
          ? `belongs to run ${String(content.runId)}, not ${context.runId}`
          : !Number.isSafeInteger(content.records) || (content.headSha256 !== null && typeof content.headSha256 !== 'string')
            ? 'does not hold a record count and head hash'
            : null
  if (sealProblem || !content) {
    broken.push(`${SEAL_FILE} ${sealProblem ?? 'is unreadable'}`)
    return null
  }
  const seal = { records: content.records as number, headSha256: content.headSha256 as string | null }
  broken.push(...tailProblems(seal, found, records))
  return seal
}

/** Compares the records found with the sealed count and head, naming the records at fault. */
function tailProblems(seal: { records: number; headSha256: string | null }, found: Found, records: readonly NamedFile[]): string[] {
  const problems: string[] = []
  if (found.lastSeq < seal.records) {
    const range = found.lastSeq + 1 === seal.records ? `record ${seal.records} is` : `records ${found.lastSeq + 1} to ${seal.records} are`
    problems.push(
      `${APPENDIX_DIR}: ${range} missing at the tail (the seal counts ${seal.records} record(s), head ${seal.headSha256 ?? 'none'})`,
    )
  }
  for (const record of records) {
    if (record.seq > seal.records) {
      problems.push(`${APPENDIX_DIR}/${record.name} is not covered by the seal (${seal.records} record(s)): it was added afterwards`)
    }
  }
  const sealedLast = records.find((record) => record.seq === seal.records)
  if (sealedLast && sha256Hex(sealedLast.bytes) !== seal.headSha256) {
    problems.push(
      `${APPENDIX_DIR}/${sealedLast.name} hashes to ${sha256Hex(sealedLast.bytes)}, not the sealed head ${String(seal.headSha256)}: it was edited or replaced`,
    )
  }
  return problems
}

export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'))
    return isRecord(value) ? value : null
  } catch {
    return null
  }
}

function missingRange(from: number, to: number): string {
  const names = from === to ? `record ${from} is` : `records ${from} to ${to} are`
  return `${APPENDIX_DIR}: ${names} missing`
}
