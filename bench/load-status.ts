import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { loadConfig } from '../server/config.ts'
import type { WorkflowDef } from '../server/engine/workflow.ts'
import { startServer } from '../server/server.ts'

/**
 * ARCHITECTURE target: under 200 concurrent clients polling a run's status, p99 < 20 ms and no
 * errors. Starts the app on loopback with a run that stays in progress, then polls
 * `GET /api/runs/:id` from a child process for ~10 s (continuously, then with a 100 ms interval).
 *
 *   npx tsx bench/load-status.ts [clients=200] [seconds=10]
 */
const clients = Number(process.argv[2] ?? 200)
const seconds = Number(process.argv[3] ?? 10)

const inProgress: WorkflowDef = {
  name: 'reconcile',
  version: 'bench',
  steps: () => [
    {
      name: 'extract:CR_03',
      dependsOn: [],
      retry: { initialMs: 1_000, factor: 2, capMs: 60_000, maxAttempts: 5 },
      run: ({ signal, progress }) =>
        new Promise((_, reject) => {
          progress(1, 10, 'reading')
          signal.addEventListener('abort', () => reject(signal.reason), { once: true })
        }),
    },
  ],
}

const dataDir = mkdtempSync(join(tmpdir(), 'tieout-bench-'))
const tokens = new Map<string, string>()
const server = await startServer(
  loadConfig({}, { dataDir, port: 0, demo: true, logLevel: 'warn', addinDir: join(dataDir, 'none') }),
  {
    workflows: [inProgress],
    services: {
      entities: { list: async () => [{ companyCode: 'EC_NG', name: 'Nigeria', countryCode: 'NG', currency: 'NGN', inConsoScope: true }] },
      evidence: {
        zipStream: async () => Readable.from([]),
        verify: async () => ({ ok: true, manifestHash: '', appendixHead: null, appendixCount: 0, keyFingerprint: null, findings: [] }),
        append: async () => ({ records: 1, headSha256: '', keyFingerprint: '' }),
      },
    },
    onDemoTokens: (demo) => demo.forEach((t) => t.token && tokens.set(t.role, t.token)),
  },
  { handleSignals: false },
)

const started = await fetch(`${server.url}/api/runs`, {
  method: 'POST',
  headers: { authorization: `Bearer ${tokens.get('preparer')}`, 'content-type': 'application/json' },
  body: JSON.stringify({ period: '2025-09', entities: ['EC_NG'] }),
})
const { id } = (await started.json()) as { id: string }

for (const pollIntervalMs of [0, 100]) {
  const report = await load(pollIntervalMs)
  const sorted = Array.from(report.latencies).sort((a, b) => a - b)
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(2)
  const label = pollIntervalMs === 0 ? 'back-to-back' : `every ${pollIntervalMs} ms`
  console.log(
    `${clients} clients polling ${label} for ${seconds} s: ${sorted.length} requests (${Math.round(sorted.length / seconds)}/s), ` +
      `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms, errors ${report.errors}`,
  )
}

await server.close()
rmSync(dataDir, { recursive: true, force: true })

function load(pollIntervalMs: number): Promise<{ latencies: number[]; errors: number }> {
  const job = { url: `${server.url}/api/runs/${id}`, token: tokens.get('auditor'), clients, durationMs: seconds * 1_000, pollIntervalMs }
  const child = fork(new URL('./load-status-client.ts', import.meta.url), [JSON.stringify(job)], { execArgv: ['--import', 'tsx'] })
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as { latencies: number[]; errors: number }))
    child.once('error', reject)
  })
}
