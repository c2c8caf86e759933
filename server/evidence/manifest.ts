import { isPeriod, parsePeriod } from '../../shared/period.ts'
import { SHA256_HEX } from './hash.ts'
import { evidenceJson, packagePathProblem } from './layout.ts'
import type { Manifest, ManifestEntry } from './types.ts'
import { LEGACY_MANIFEST_FORMAT, MANIFEST_FORMAT } from './types.ts'

/** `YYYY-MM-DDTHH:MM:SS`, optionally with fractions and a zone; compared as text. */
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/

/** The manifest's bytes: fixed key order and indentation, so its hash is reproducible. */
export function serializeManifest(manifest: Manifest): Buffer {
  const ordered: Manifest = {
    format: MANIFEST_FORMAT,
    runId: manifest.runId,
    period: manifest.period,
    createdAt: manifest.createdAt,
    productVersion: manifest.productVersion,
    previousManifestSha256: manifest.previousManifestSha256,
    previousAppendix: manifest.previousAppendix,
    signingKeyFingerprint: manifest.signingKeyFingerprint,
    files: manifest.files.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
  }
  return Buffer.from(evidenceJson(ordered), 'utf8')
}

export type ParsedManifest =
  | { readonly manifest: Manifest; readonly problems: readonly [] }
  | {
      readonly manifest: null
      readonly problems: readonly string[]
    }

/** Reads manifest bytes; an unusable manifest is reported, never thrown, so `verify` can say why. */
export function parseManifest(bytes: Uint8Array): ParsedManifest {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch {
    return { manifest: null, problems: ['manifest.json is not valid JSON'] }
  }
  const problems = manifestProblems(value)
  if (problems.length > 0) return { manifest: null, problems }
  const manifest = value as Manifest
  // Format 1 predates signing: no key, no link to the previous run's appendix.
  return manifest.format === LEGACY_MANIFEST_FORMAT
    ? { manifest: { ...manifest, previousAppendix: null, signingKeyFingerprint: null }, problems: [] }
    : { manifest, problems: [] }
}

function manifestProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['manifest.json is not a JSON object']
  const problems: string[] = []
  const expect = (ok: boolean, what: string): void => {
    if (!ok) problems.push(`manifest.json: ${what}`)
  }
  const legacy = value.format === LEGACY_MANIFEST_FORMAT
  expect(value.format === MANIFEST_FORMAT || legacy, `format is not "${MANIFEST_FORMAT}"`)
  expect(isNonEmptyString(value.runId), 'runId is missing')
  expect(isExactPeriod(value.period), 'period is not YYYY-MM')
  expect(typeof value.createdAt === 'string' && ISO_DATE_TIME.test(value.createdAt), 'createdAt is not an ISO date-time')
  expect(isNonEmptyString(value.productVersion), 'productVersion is missing')
  expect(value.previousManifestSha256 === null || isSha256(value.previousManifestSha256), 'previousManifestSha256 is not null or a SHA-256')
  if (!legacy) {
    expect(isSha256(value.signingKeyFingerprint), 'signingKeyFingerprint is not a SHA-256')
    expect(
      value.previousAppendix === null || isPreviousAppendix(value.previousAppendix),
      'previousAppendix is not null or { runId, records, headSha256 }',
    )
    expect(
      (value.previousAppendix === null) === (value.previousManifestSha256 === null),
      'previousAppendix and previousManifestSha256 disagree',
    )
  }
  if (!Array.isArray(value.files)) return [...problems, 'manifest.json: files is not a list']
  return [...problems, ...entriesProblems(value.files as unknown[])]
}

function entriesProblems(files: readonly unknown[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  files.forEach((entry, index) => {
    if (!isEntry(entry)) {
      problems.push(`manifest.json: files[${index}] is not { path, size, sha256 }`)
      return
    }
    const pathProblem = packagePathProblem(entry.path)
    if (pathProblem) problems.push(`manifest.json: files[${index}] ${pathProblem}`)
    if (seen.has(entry.path)) problems.push(`manifest.json: ${entry.path} is listed twice`)
    seen.add(entry.path)
  })
  return problems
}

function isPreviousAppendix(value: unknown): boolean {
  return (
    isRecord(value) &&
    isNonEmptyString(value.runId) &&
    Number.isSafeInteger(value.records) &&
    (value.records as number) >= 0 &&
    (value.headSha256 === null ? value.records === 0 : isSha256(value.headSha256) && (value.records as number) > 0)
  )
}

function isEntry(value: unknown): value is ManifestEntry {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    Number.isSafeInteger(value.size) &&
    (value.size as number) >= 0 &&
    isSha256(value.sha256)
  )
}

/** `YYYY-MM` exactly as written (no surrounding blanks): it names a folder of the chain. */
export function isExactPeriod(value: unknown): value is string {
  return isPeriod(value) && parsePeriod(value).period === value
}

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value)
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
