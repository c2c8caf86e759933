import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { onTestFinished } from 'vitest'
import type { Entity } from '../shared/api/catalog.ts'
import type { Role } from '../shared/api/common.ts'
import { parsePeriod } from '../shared/period.ts'
import type { BridgeLine, BridgeResult, RunResult } from '../shared/result/types.ts'
import { loadConfig, type ServerConfig } from '../server/config.ts'
import type { EvidenceRecord, EvidenceService } from '../server/evidence/service.ts'
import type { RunInput, StepDef, WorkflowDef } from '../server/engine/workflow.ts'
import { createServer, type ServerWiring } from '../server/server.ts'
import { createTestDatabase, type TestDatabase } from './support/postgres.ts'

/** Test doubles and `build()`: the app on a temporary data directory, torn down after the test. */
export const ENTITIES: readonly Entity[] = [
  { companyCode: 'EC_NG', name: 'Jumia Nigeria', countryCode: 'NG', currency: 'NGN', inConsoScope: true },
  { companyCode: 'EC_KE', name: 'Jumia Kenya', countryCode: 'KE', currency: 'KES', inConsoScope: true },
  { companyCode: 'JM_EG', name: 'Jumia Egypt', countryCode: 'EG', currency: 'EGP', inConsoScope: true },
  { companyCode: 'XX_OLD', name: 'Closed company', countryCode: 'ZZ', currency: null, inConsoScope: false },
]

export type FakeEvidence = EvidenceService & { readonly records: EvidenceRecord[]; failAppend: boolean }

export function fakeEvidence(): FakeEvidence {
  const evidence: FakeEvidence = {
    records: [],
    failAppend: false,
    zipStream: async (runId) => Readable.from([Buffer.from(`PK zip of ${runId}`)]),
    verify: async () => ({
      ok: true,
      manifestHash: 'f'.repeat(64),
      appendixHead: null,
      appendixCount: 0,
      keyFingerprint: null,
      findings: [],
    }),
    append: async (_runId, record) => {
      if (evidence.failAppend) throw new Error('evidence disk full')
      evidence.records.push(record)
      return {
        records: evidence.records.length,
        headSha256: String(evidence.records.length).padStart(64, '0'),
        keyFingerprint: 'k'.repeat(64),
      }
    },
  }
  return evidence
}

export const bridgeLine = (overrides: Partial<BridgeLine> = {}): BridgeLine => ({
  key: 'timing|EC_NG|V-1',
  bridge: 'timing',
  companyCode: 'EC_NG',
  businessKey: 'V-1',
  description: 'Jdash usage not in BOB',
  amountLcy: '1000.00',
  amountUsd: '0.65',
  material: false,
  detail: {},
  ...overrides,
})

export const bridge = (lines: readonly BridgeLine[], overrides: Partial<BridgeResult> = {}): BridgeResult => ({
  bridge: 'timing',
  title: 'Timing difference',
  companyCode: 'EC_NG',
  group: 'voucher-liability',
  sign: 1,
  totalLcy: '0.00',
  totalUsd: '0.00',
  lines,
  zeroLineCount: 0,
  lineThreshold: null,
  diagnostics: [],
  ...overrides,
})

export const runResult = (runId: string, input: RunInput, bridges: readonly BridgeResult[] = []): RunResult => ({
  schemaVersion: 1,
  runId,
  product: { name: 'tieout', version: 'test' },
  period: parsePeriod(input.period),
  source: 'demo',
  entities: [],
  tieOut: [],
  conclusions: [],
  rollForward: [],
  bridges,
  classification: { items: [], summary: [], catalogFindings: [] },
  categorization: { counts: [], uncategorized: [], otherAccountRows: 0, unmappedBusinessUses: [], vouchersNotFound: [] },
  extracts: [],
  quality: [],
  config: [],
})

export const TEST_RETRY = { initialMs: 1, factor: 2, capMs: 4, maxAttempts: 3 } as const

/**
 * A stand-in for the lead's `reconcile` workflow: two extract steps, then a compute step that
 * writes `result.json` (bridge lines of the test's choosing) and a workbook.
 */
export function reconcileWorkflow(
  lines: (input: RunInput) => readonly BridgeLine[] = () => [],
  overrides: Partial<WorkflowDef> = {},
): WorkflowDef {
  const extract = (name: string): StepDef => ({ name, dependsOn: [], retry: TEST_RETRY, run: async () => ({ summary: { rows: 1 } }) })
  return {
    name: 'reconcile',
    version: '1',
    steps: (input) => [
      extract('extract:CR_04'),
      extract('extract:IPE_07'),
      {
        name: 'compute',
        dependsOn: ['extract:CR_04', 'extract:IPE_07'],
        retry: TEST_RETRY,
        run: async ({ runDir, runId }) => {
          writeFileSync(join(runDir, 'result.json'), JSON.stringify(runResult(runId, input, [bridge(lines(input))])))
          writeFileSync(join(runDir, 'workbook.xlsx'), 'PK workbook')
          return { file: 'result.json', summary: { resultPath: 'result.json', workbookPath: 'workbook.xlsx' } }
        },
      },
    ],
    ...overrides,
  }
}

/** A workflow whose only step runs until the run is cancelled or the engine closes. */
export function endlessWorkflow(name = 'reconcile'): WorkflowDef {
  return {
    name,
    version: '1',
    steps: () => [
      {
        name: 'extract:CR_03',
        dependsOn: [],
        retry: TEST_RETRY,
        run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
      },
    ],
  }
}

export type TestApp = {
  readonly app: FastifyInstance
  readonly dataDir: string
  readonly evidence: FakeEvidence
  /** Plaintext demo token of each role. */
  readonly tokens: Readonly<Record<Role, string>>
  /** `{ authorization: 'Bearer …' }` for a role. */
  readonly as: (role: Role) => { authorization: string }
}

export type BuildOptions = {
  readonly config?: Partial<ServerConfig>
  readonly wiring?: Partial<ServerWiring>
  readonly evidence?: FakeEvidence
  /** Keep the data directory (a later build reuses it, as after a restart). */
  readonly dataDir?: string
  /** pino settings, e.g. a stream capturing log lines; no logging by default. */
  readonly logger?: FastifyServerOptions['logger']
  /** Registers more routes before the app is ready (a route again under test limits). */
  readonly extend?: (app: FastifyInstance) => Promise<void>
}

/** The database of each data directory: a later build on the same directory (a restart) finds its state. */
const databases = new Map<string, TestDatabase>()

/** The data directory's database, created from the migrated template; dropped after the test that created it. */
export async function databaseOf(dataDir: string): Promise<string> {
  let database = databases.get(dataDir)
  if (!database) {
    const created = await createTestDatabase()
    databases.set(dataDir, (database = created))
    // Registered before the app's own cleanup, so it runs after the app has closed.
    onTestFinished(async () => {
      databases.delete(dataDir)
      await created.drop()
    })
  }
  return database.url
}

/** Boots the app (not listening) on a temporary data directory; closed when the test finishes. */
export async function build(options: BuildOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tieout-app-'))
  const evidence = options.evidence ?? fakeEvidence()
  const databaseUrl = await databaseOf(dataDir)
  const config = loadConfig(
    {},
    { dataDir, databaseUrl, demo: true, addinDir: join(dataDir, 'no-addin'), filesRoot: join(dataDir, 'files'), ...options.config },
  )
  const tokens: Partial<Record<Role, string>> = {}
  const app = await createServer(
    config,
    {
      services: { evidence, entities: { list: async () => ENTITIES } },
      workflows: [reconcileWorkflow()],
      engine: { sleep: async () => {}, queuePollMs: 20 },
      onDemoTokens: (demo) => {
        for (const token of demo) if (token.token) tokens[token.role] = token.token
      },
      ...options.wiring,
    },
    { logger: options.logger ?? false },
  )
  await options.extend?.(app)
  await app.ready()
  onTestFinished(async () => {
    await app.close()
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true })
  })
  const all = tokens as Record<Role, string>
  return { app, dataDir, evidence, tokens: all, as: (role) => ({ authorization: `Bearer ${all[role]}` }) }
}

/** Starts a run as the demo preparer and returns its id without waiting. */
export async function startedRun(test: TestApp, body: object = { period: '2025-09', entities: ['EC_NG'] }): Promise<string> {
  const response = await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: body })
  if (response.statusCode !== 202) throw new Error(`run not started: ${response.statusCode} ${response.body}`)
  return response.json<{ id: string }>().id
}

/** Starts a run as the demo preparer and waits until the engine has finished it. */
export async function finishedRun(test: TestApp, body: object = { period: '2025-09', entities: ['EC_NG'] }): Promise<string> {
  const id = await startedRun(test, body)
  await test.app.engine.settled(id)
  return id
}
