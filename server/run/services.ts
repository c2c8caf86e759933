import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { Entity } from '../../shared/api/catalog.ts'
import { ENTITIES } from '../../shared/extracts/catalog.ts'
import { TieoutError } from '../../shared/errors.ts'
import { parsePeriod } from '../../shared/period.ts'
import { appendEvidenceRecord, evidenceZipStream, verifyEvidence } from '../evidence/index.ts'
import type { EvidenceSigner, VerifyReport } from '../evidence/index.ts'
import { ingestExtract } from '../extracts/ingest.ts'
import { readExtractRows } from '../extracts/canonical-reader.ts'
import type { AppServices, EvidenceService, EvidenceVerification, JournaledEvidence, ReadinessCheck } from '../plugins/app/services.ts'
import type { Source } from '../sources/source.ts'
import type { ReconcileSetup } from './runtime.ts'

/** The backend's services over the reconcile setup: evidence store, entity master, configuration. */
export function createAppServices(
  setup: ReconcileSetup,
  options: { masterSource: () => Source; readiness?: readonly ReadinessCheck[] },
): AppServices {
  return {
    evidence: createEvidenceService(setup.evidenceRoot, setup.signer),
    entities: createEntityDirectory(setup, options.masterSource),
    configView: async () => configView(setup),
    ...(options.readiness ? { readiness: options.readiness } : {}),
  }
}

/** A run's package is `<root>/<period>/<runId>/evidence`; the period folder is found by the run id. */
async function packageOf(root: string, runId: string): Promise<string> {
  const periods = await readdir(root).catch(() => [] as string[])
  for (const period of periods) {
    const dir = join(root, period, runId, 'evidence')
    if (
      await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      )
    )
      return dir
  }
  throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `evidence package of run ${runId}` })
}

export function createEvidenceService(root: string, signer: EvidenceSigner): EvidenceService {
  return {
    zipStream: async (runId): Promise<Readable> => evidenceZipStream(await packageOf(root, runId)) as Readable,
    verify: async (journaled): Promise<EvidenceVerification> => {
      const report = await verifyEvidence(await packageOf(root, journaled.runId))
      const files = new Set([...report.changed, ...report.missing, ...report.added])
      const fileProblems = report.problems.filter((problem) => [...files].some((file) => problem.startsWith(`${file} `)))
      const broken = new Set(report.appendix.broken)
      const findings = [
        ...report.changed.map((file) => ({
          file,
          problem: 'changed' as const,
          detail: detailOf(report, file, 'content differs from the manifest'),
        })),
        ...report.missing.map((file) => ({ file, problem: 'missing' as const, detail: 'listed in the manifest, not in the package' })),
        ...report.added.map((file) => ({ file, problem: 'added' as const, detail: 'in the package, not in the manifest' })),
        ...report.appendix.broken.map((detail) => ({ file: fileNamed(detail, 'appendix/'), problem: 'chain' as const, detail })),
        ...report.problems
          .filter((problem) => !broken.has(problem) && !fileProblems.includes(problem))
          .map((detail) => ({ file: fileNamed(detail, 'manifest.json'), problem: 'journal' as const, detail })),
        ...journalFindings(report, journaled),
      ]
      return {
        ok: findings.length === 0,
        manifestHash: report.manifestSha256,
        appendixHead: report.appendix.headSha256,
        appendixCount: report.appendix.records,
        keyFingerprint: report.keyFingerprint,
        findings,
      }
    },
    append: async (runId, record) => {
      const { kind, reviewer, at, ...payload } = record
      const appended = await appendEvidenceRecord(
        await packageOf(root, runId),
        { kind: kind === 'reviews' ? 'review' : kind, at, actor: reviewer, payload },
        signer,
      )
      return { records: appended.records, headSha256: appended.sha256, keyFingerprint: appended.keyFingerprint }
    },
  }
}

/**
 * The journal is the server's anchor outside the package: the manifest hash and signing key it
 * recorded at sealing, and the appendix count and head after the last append. A package that
 * was regenerated, re-signed, swapped or cut at its tail disagrees with it.
 */
function journalFindings(report: VerifyReport, journaled: JournaledEvidence): EvidenceVerification['findings'] {
  const findings: EvidenceVerification['findings'] = []
  const add = (file: string, detail: string) => findings.push({ file, problem: 'journal', detail })
  if (report.runId !== journaled.runId)
    add('manifest.json', `the package in run ${journaled.runId}'s folder is run ${report.runId ?? '?'}'s: it was copied or swapped`)
  if (journaled.manifestSha256 !== null && report.manifestSha256 !== journaled.manifestSha256) {
    add(
      'manifest.json',
      `manifest.json hashes to ${report.manifestSha256}, but the journal recorded ${journaled.manifestSha256} at sealing: the package was regenerated or replaced`,
    )
  }
  if (journaled.keyFingerprint !== null && report.keyFingerprint !== journaled.keyFingerprint) {
    add(
      'signing-key.json',
      `the package is signed with key ${report.keyFingerprint ?? 'none'}, but the journal recorded ${journaled.keyFingerprint}`,
    )
  }
  const { records, headSha256 } = report.appendix
  if (records < journaled.appendixCount) {
    const first = records + 1
    const range = first === journaled.appendixCount ? `record ${first} is` : `records ${first} to ${journaled.appendixCount} are`
    add(
      'appendix/',
      `appendix: ${range} missing at the tail: the journal counts ${journaled.appendixCount} record(s), head ${journaled.appendixHead ?? 'none'}; the package has ${records}`,
    )
  } else if (records > journaled.appendixCount) {
    add(
      'appendix/',
      `appendix: the package has ${records} record(s), the journal only ${journaled.appendixCount}: records ${journaled.appendixCount + 1} to ${records} were added outside the server`,
    )
  } else if (headSha256 !== journaled.appendixHead) {
    add(
      'appendix/',
      `appendix: the last record hashes to ${headSha256 ?? 'none'}, but the journal recorded head ${journaled.appendixHead ?? 'none'}: record ${records} was edited or replaced`,
    )
  }
  return findings
}

function detailOf(report: VerifyReport, file: string, fallback: string): string {
  return report.problems.find((problem) => problem.startsWith(`${file} `)) ?? fallback
}

/** The package file a finding names (its first word when that is a path), else `fallback`. */
function fileNamed(detail: string, fallback: string): string {
  const first = detail.split(/[ :]/, 1)[0] ?? ''
  return /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]*)*$/.test(first) && first.includes('.') ? first : fallback
}

const MASTER_TTL_MS = 5 * 60_000

/**
 * The entity master of the default source, with each country's currency from configuration;
 * read through the same quality checks as a run's ENTITIES extract, cached for a few minutes.
 */
function createEntityDirectory(setup: ReconcileSetup, masterSource: () => Source): AppServices['entities'] {
  let cached: { at: number; entities: Promise<readonly Entity[]> } | null = null
  const load = async (): Promise<readonly Entity[]> => {
    const source = masterSource()
    const file = join(setup.dataDir, 'cache', `ENTITIES-${process.pid}.csv`)
    try {
      const params = { period: parsePeriod('2000-01'), companies: [], glAccounts: [] }
      const stream = await source.read({ extract: 'ENTITIES', params, signal: AbortSignal.timeout(60_000) })
      const outcome = await ingestExtract({ def: ENTITIES, stream, outPath: file, signal: AbortSignal.timeout(60_000) })
      if (!outcome.passed)
        throw new TieoutError('TIEOUT_ERR_DATA_QUALITY', { detail: outcome.quality.issues.map((issue) => issue.message).join('; ') })
      const entities: Entity[] = []
      for await (const row of readExtractRows(ENTITIES, file)) {
        const countryCode = (row.countryCode ?? '').trim().toUpperCase()
        entities.push({
          companyCode: (row.companyCode ?? '').trim(),
          name: row.name ?? '',
          countryCode,
          currency: setup.config.currencies.get(countryCode) ?? null,
          inConsoScope: row.inConsoScope === true,
        })
      }
      return entities.sort((a, b) => (a.companyCode < b.companyCode ? -1 : 1))
    } finally {
      await source.close()
    }
  }
  return {
    list: () => {
      if (!cached || Date.now() - cached.at > MASTER_TTL_MS) {
        const entities = load()
        cached = { at: Date.now(), entities }
        entities.catch(() => (cached = null))
      }
      return cached.entities
    },
  }
}

function configView(setup: ReconcileSetup): Record<string, unknown> {
  const { config } = setup
  return {
    files: config.refs.map(({ name, file, sha256 }) => ({ name, file, sha256 })),
    accountMap: config.accountMap,
    thresholds: config.thresholds,
    ruleCatalog: config.ruleCatalog,
    categorization: config.categorization,
    currencies: Object.fromEntries(config.currencies),
    glAccounts: config.glAccounts,
  }
}
