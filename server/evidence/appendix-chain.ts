import { sha256Hex } from './hash.ts'
import { APPENDIX_DIR } from './layout.ts'
import { isRecord } from './manifest.ts'
import type { AppendixKind } from './types.ts'

/**
 * The appendix's hash chain, as pure checks over file names and bytes: record 1 carries the
 * manifest's hash, record n the hash of record n−1's bytes. An edit or removal inside the chain
 * breaks the next link; an edit or removal of the last record changes only the head hash, which
 * the server's journal (or an auditor's note) must be compared with.
 */
const RECORD_NAME = /^(\d{6,})-(review|signoff)\.json$/

export function appendixRecordName(seq: number, kind: AppendixKind): string {
  return `${String(seq).padStart(6, '0')}-${kind}.json`
}

export type AppendixName = { readonly name: string; readonly seq: number; readonly kind: AppendixKind }

export function parseAppendixName(name: string): AppendixName | null {
  const match = RECORD_NAME.exec(name)
  if (!match?.[1] || !match[2]) return null
  return { name, seq: Number(match[1]), kind: match[2] as AppendixKind }
}

/** A file found in `appendix/`: its name there and its bytes. */
export type AppendixFile = { readonly name: string; readonly bytes: Uint8Array }

export type AppendixCheck = {
  readonly records: number
  readonly headSha256: string | null
  readonly broken: readonly string[]
}

export function checkAppendixChain(manifestSha256: string, files: readonly AppendixFile[]): AppendixCheck {
  const broken: string[] = []
  const records = orderedRecords(files, broken)
  let expected = { seq: 1, sha256: manifestSha256, label: 'manifest.json' }
  for (const record of records) {
    const path = `${APPENDIX_DIR}/${record.name}`
    if (record.seq > expected.seq) broken.push(missingRange(expected.seq, record.seq - 1))
    broken.push(...recordProblems(path, record, expected))
    expected = { seq: record.seq + 1, sha256: sha256Hex(record.bytes), label: path }
  }
  const head = records.at(-1)
  return { records: records.length, headSha256: head ? sha256Hex(head.bytes) : null, broken }
}

type NamedFile = AppendixName & { readonly bytes: Uint8Array }

function orderedRecords(files: readonly AppendixFile[], broken: string[]): NamedFile[] {
  const bySeq = new Map<number, NamedFile>()
  for (const file of files) {
    const name = parseAppendixName(file.name)
    const earlier = name ? bySeq.get(name.seq) : undefined
    if (!name) broken.push(`${APPENDIX_DIR}/${file.name} is not an appendix record (NNNNNN-review.json or NNNNNN-signoff.json)`)
    else if (earlier) broken.push(`${APPENDIX_DIR}/${file.name} repeats record ${name.seq} of ${APPENDIX_DIR}/${earlier.name}`)
    else bySeq.set(name.seq, { ...name, bytes: file.bytes })
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

function recordProblems(path: string, record: NamedFile, expected: { readonly sha256: string; readonly label: string }): string[] {
  const content = parseRecord(record.bytes)
  if (!content) return [`${path} is not a JSON appendix record`]
  const problems: string[] = []
  if (content.seq !== record.seq) problems.push(`${path} holds seq ${String(content.seq)}, not ${record.seq}`)
  if (content.kind !== record.kind) problems.push(`${path} holds kind ${String(content.kind)}, not ${record.kind}`)
  if (content.previousRecordSha256 !== expected.sha256) {
    const culprit = expected.label === 'manifest.json' ? 'the manifest' : `${expected.label} (or a record between)`
    problems.push(`${path} does not chain to ${expected.label}: ${culprit} was changed or removed, or this record was edited`)
  }
  return problems
}

function parseRecord(bytes: Uint8Array): Record<string, unknown> | null {
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
