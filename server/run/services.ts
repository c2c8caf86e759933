import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { Entity } from '../../shared/api/catalog.ts'
import { ENTITIES } from '../../shared/extracts/catalog.ts'
import { TieoutError } from '../../shared/errors.ts'
import { parsePeriod } from '../../shared/period.ts'
import { appendEvidenceRecord, evidenceZipStream, verifyEvidence } from '../evidence/index.ts'
import { ingestExtract } from '../extracts/ingest.ts'
import { readExtractRows } from '../extracts/canonical-reader.ts'
import type { AppServices, EvidenceService, EvidenceVerification, ReadinessCheck } from '../plugins/app/services.ts'
import type { Source } from '../sources/source.ts'
import type { ReconcileSetup } from './runtime.ts'

/** The backend's services over the reconcile setup: evidence store, entity master, configuration. */
export function createAppServices(
  setup: ReconcileSetup,
  options: { masterSource: () => Source; readiness?: readonly ReadinessCheck[] },
): AppServices {
  return {
    evidence: createEvidenceService(setup.evidenceRoot),
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

export function createEvidenceService(root: string): EvidenceService {
  return {
    zipStream: async (runId): Promise<Readable> => evidenceZipStream(await packageOf(root, runId)) as Readable,
    verify: async (runId): Promise<EvidenceVerification> => {
      const report = await verifyEvidence(await packageOf(root, runId))
      const findings = [
        ...report.changed.map((file) => ({ file, problem: 'changed' as const, detail: 'content differs from the manifest' })),
        ...report.missing.map((file) => ({ file, problem: 'missing' as const, detail: 'listed in the manifest, not in the package' })),
        ...report.added.map((file) => ({ file, problem: 'added' as const, detail: 'in the package, not in the manifest' })),
        ...report.appendix.broken.map((detail) => ({ file: 'appendix/', problem: 'chain' as const, detail })),
      ]
      return { ok: report.ok, findings }
    },
    append: async (runId, record) => {
      const { kind, reviewer, at, ...payload } = record
      await appendEvidenceRecord(await packageOf(root, runId), {
        kind: kind === 'reviews' ? 'review' : 'signoff',
        at,
        actor: reviewer,
        payload,
      })
    },
  }
}

const MASTER_TTL_MS = 5 * 60_000

/** The entity master a source holds, each country's currency from configuration (the ENTITIES checks apply). */
export async function readEntityMaster(setup: Pick<ReconcileSetup, 'dataDir' | 'config'>, source: Source): Promise<Entity[]> {
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

/**
 * The entity master of the default source, with each country's currency from configuration;
 * read through the same quality checks as a run's ENTITIES extract, cached for a few minutes.
 */
function createEntityDirectory(setup: ReconcileSetup, masterSource: () => Source): AppServices['entities'] {
  let cached: { at: number; entities: Promise<readonly Entity[]> } | null = null
  const load = async (): Promise<readonly Entity[]> => readEntityMaster(setup, masterSource())
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
