import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../shared/api/events.ts'
import type { RunResult } from '../../../shared/result/types.ts'
import { runPaths } from '../../../server/run/run-files.ts'
import { openReconcileRuntime, type ReconcileRuntime } from '../../../server/wiring/runtime.ts'
import type { RunInput } from '../../../server/engine/workflow.ts'
import { createMssqlSource } from '../../../server/sources/mssql.ts'
import { startTdsDouble, type TdsFaults } from '../../support/tds/index.ts'
import { tempDir } from '../cli/cli.ts'

const SCALE = 0.02
const FAST_RETRY = { initialMs: 20, factor: 2, capMs: 100, maxAttempts: 5 }

type Double = Awaited<ReturnType<typeof startTdsDouble>>

describe('a SQL Server run under faults (engine retries through the real driver)', () => {
  let work: string
  let double: Double
  let runtime: ReconcileRuntime

  beforeAll(async () => {
    work = await tempDir('mssql-retry')
    double = await startTdsDouble({ scale: SCALE })
    runtime = await openReconcileRuntime({
      dataDir: join(work, 'data'),
      retry: FAST_RETRY,
      openMssql: () => createMssqlSource(double.mssqlConfig({ requestTimeoutMs: 2_000 })),
    })
  })
  afterAll(async () => {
    await runtime.close()
    await double.close()
    await rm(work, { recursive: true, force: true })
  })

  /** Runs to the end; the fault is lifted after the first retry, as a network blip would be. */
  async function runWith(
    input: RunInput,
    fault: TdsFaults | null,
  ): Promise<{ runId: string; status: string; events: RunEvent[]; result: RunResult | null }> {
    if (fault) await double.setFaults(fault)
    const runId = await runtime.engine.start('reconcile', input)
    const events: RunEvent[] = []
    const seen = new Set<number>()
    const onEvent = (event: RunEvent) => {
      if (seen.has(event.seq)) return
      seen.add(event.seq)
      events.push(event)
      if (event.type === 'step-retried') void double.setFaults({})
    }
    const subscription = await runtime.engine.events(runId, onEvent)
    subscription.replay.forEach(onEvent)
    await runtime.engine.settled(runId)
    subscription.unsubscribe()
    await double.setFaults({})
    const finished = events.find((event) => event.type === 'run-finished')
    const status = finished?.type === 'run-finished' ? finished.status : 'unknown'
    const result = status === 'succeeded' ? (JSON.parse(await readFile(runPaths(runtime.runDir(runId)).result, 'utf8')) as RunResult) : null
    return { runId, status, events, result }
  }

  const input: RunInput = { period: '2025-09', entities: ['EC_NG'], source: { kind: 'mssql' }, preparer: 'test' }

  it('recovers from a connection reset mid-stream with identical extract hashes', async () => {
    const clean = await runWith(input, null)
    const reset = await runWith(input, { resetAfterRows: 50 })
    expect(clean.status).toBe('succeeded')
    expect(reset.status).toBe('succeeded')
    expect(reset.events.some((event) => event.type === 'step-retried' && event.error.code === 'TIEOUT_ERR_SOURCE_UNAVAILABLE')).toBe(true)
    expect(reset.result?.extracts).toEqual(clean.result?.extracts)
  })

  it('retries a deadlock (error 1205) and succeeds', async () => {
    const outcome = await runWith(input, { queryError: { number: 1205, times: 1, extract: 'CR_03' } })
    expect(outcome.status).toBe('succeeded')
    const retried = outcome.events.find((event) => event.type === 'step-retried')
    expect(retried).toEqual(
      expect.objectContaining({ step: 'extract:CR_03', error: expect.objectContaining({ code: 'TIEOUT_ERR_SOURCE_DEADLOCK' }) }),
    )
    // The evidence package's step log holds every step and attempt, the failed one with its error.
    const stepLog = JSON.parse(await readFile(join(runtime.evidenceRoot, '2025-09', outcome.runId, 'evidence', 'steps.json'), 'utf8')) as {
      step: string
      attempt: number
      outcome: string
      durationMs: number | null
      error: { code: string } | null
    }[]
    const cr03 = stepLog.filter((entry) => entry.step === 'extract:CR_03')
    expect(cr03.map((entry) => [entry.attempt, entry.outcome, entry.error?.code ?? null])).toEqual([
      [1, 'retry', 'TIEOUT_ERR_SOURCE_DEADLOCK'],
      [2, 'succeeded', null],
    ])
    expect(cr03.every((entry) => typeof entry.durationMs === 'number')).toBe(true)
    expect(stepLog.find((entry) => entry.step === 'evidence')).toMatchObject({ attempt: 1, outcome: 'running' })
    expect(stepLog.some((entry) => entry.step === 'compute' && entry.outcome === 'succeeded')).toBe(true)
  })

  it('fails at once, without retrying, on a permanent error (invalid object 208)', async () => {
    const outcome = await runWith(input, {
      queryError: { number: 208, times: 1, extract: 'IPE_07', message: "Invalid object name 'dbo.Customer Ledger Entries'." },
    })
    expect(outcome.status).toBe('failed')
    expect(outcome.events.some((event) => event.type === 'step-retried')).toBe(false)
    const failed = outcome.events.find((event) => event.type === 'run-finished')
    expect(failed?.type === 'run-finished' ? failed.error?.message : '').toMatch(/Invalid object name/)
  })
})
