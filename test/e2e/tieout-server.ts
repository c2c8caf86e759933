import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import type { Role } from '../../shared/api/common.ts'
import { loadConfig } from '../../server/config.ts'
import { DEMO_ENTITIES } from '../../server/demo/master.ts'
import { appendEvidenceRecord, evidenceDir, verifyEvidence } from '../../server/evidence/index.ts'
import type { EvidenceService } from '../../server/plugins/app/services.ts'
import { loadConfigBundle } from '../../server/run/config-bundle.ts'
import { createReconcileWorkflow } from '../../server/run/reconcile.ts'
import { runPaths } from '../../server/run/run-files.ts'
import { startServer } from '../../server/server.ts'
import { createDemoSource } from '../../server/sources/demo.ts'
import { PRODUCT_VERSION } from '../../server/version.ts'

export type TieoutServer = {
  readonly url: string
  /** Plaintext demo token per role, as printed at server start. */
  readonly tokens: Readonly<Record<Role, string>>
  close(): Promise<void>
}

/**
 * The real server on loopback with the demo source and the real reconcile workflow.
 * The wiring mirrors what `tieout serve` needs; replace it with the serve command's own wiring
 * once that exists, so this test starts the server exactly as users do.
 */
export async function startTieoutServer(dataDir: string, addinDir: string): Promise<TieoutServer> {
  const bundle = await loadConfigBundle()
  const evidenceRoot = join(dataDir, 'evidence')
  const runsDir = join(dataDir, 'runs')
  const periods = new Map<string, string>()
  const workflow = createReconcileWorkflow({
    config: bundle,
    productVersion: PRODUCT_VERSION,
    evidenceChainRoot: evidenceRoot,
    openSource: async (runId, input) => {
      periods.set(runId, input.period)
      return createDemoSource({ scale: input.source.kind === 'demo' ? input.source.scale : 1 })
    },
  })
  const packageDir = (runId: string): string => evidenceDir(evidenceRoot, periods.get(runId) ?? '', runId)
  const evidence: EvidenceService = {
    zipStream: async (runId) => {
      const zip = runPaths(join(runsDir, runId)).evidenceZip
      await access(zip)
      return createReadStream(zip)
    },
    verify: async (runId) => {
      const report = await verifyEvidence(packageDir(runId))
      const findings = [
        ...report.changed.map((file) => ({ file, problem: 'changed' as const, detail: 'hash differs' })),
        ...report.missing.map((file) => ({ file, problem: 'missing' as const, detail: 'not found' })),
        ...report.added.map((file) => ({ file, problem: 'added' as const, detail: 'not in the manifest' })),
      ]
      return { ok: report.ok, findings }
    },
    append: async (runId, record) => {
      const payload = record.kind === 'reviews' ? record.reviews : { comment: record.comment }
      await appendEvidenceRecord(packageDir(runId), {
        kind: record.kind === 'reviews' ? 'review' : 'signoff',
        at: record.at,
        actor: record.reviewer,
        payload,
      })
    },
  }
  const tokens: Partial<Record<Role, string>> = {}
  const config = loadConfig({}, { dataDir, host: '127.0.0.1', port: 0, demo: true, addinDir, logLevel: 'warn', heartbeatMs: 1_000 })
  const server = await startServer(
    config,
    {
      services: {
        evidence,
        entities: {
          list: async () =>
            DEMO_ENTITIES.map((e) => ({
              companyCode: e.code,
              name: e.name,
              countryCode: e.country,
              currency: e.currency,
              inConsoScope: e.inConsoScope,
            })),
        },
      },
      workflows: [workflow],
      onDemoTokens: (demo) => {
        for (const token of demo) if (token.token) tokens[token.role] = token.token
      },
    },
    { logger: false, handleSignals: false },
  )
  return { url: server.url, tokens: tokens as Record<Role, string>, close: () => server.close() }
}
