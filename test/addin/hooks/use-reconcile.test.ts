import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../shared/api/events.ts'
import type { StartRunBody, StepDetail } from '../../../shared/api/runs.ts'
import { ApiError } from '../../../addin/api/client.ts'
import type { TieoutApi } from '../../../addin/api/tieout-api.ts'
import {
  endedPhase,
  failedPhase,
  followToEnd,
  restingPhase,
  type RunPhase,
  runningPhase,
  type SetPhase,
  startOrAsk,
  supersedeQuestion,
} from '../../../addin/hooks/use-reconcile.ts'
import type { LoadedRun } from '../../../addin/state/loaded-run.ts'
import { stepLabel, type StepView } from '../../../addin/state/steps.ts'
import { makeRunDetail } from './run-detail.ts'

const RUN = 'run-2025-09-0001'
const at = '2025-10-06T08:00:00.000Z'
const BODY: StartRunBody = { period: '2025-09', entities: ['EC_NG'], source: { kind: 'demo', scale: 1 } }

function pendingStep(name: string): StepDetail {
  return {
    name,
    status: 'pending',
    attempts: 0,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    outputFile: null,
    sha256: null,
    summary: null,
    lastError: null,
    attemptLog: [],
  }
}

const view = (name: string, o: Partial<StepView> = {}): StepView => ({
  name,
  label: stepLabel(name),
  status: 'pending',
  fraction: null,
  detail: null,
  ...o,
})

/** A server whose run lists these steps and streams these events (as Server-Sent Events). */
function runServer(events: readonly RunEvent[]): TieoutApi {
  const stream = events.map((event) => `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('')
  const api = {
    run: async () => makeRunDetail({ steps: [pendingStep('extract:CR_04'), pendingStep('compute')] }),
    events: async () => new Response(stream),
  }
  return api as unknown as TieoutApi
}

/** Keeps every phase the pane was put in, applying updates to the current one as React does. */
function phaseLog(): { phases: RunPhase[]; setPhase: SetPhase } {
  const phases: RunPhase[] = [{ kind: 'starting' }]
  const setPhase: SetPhase = (next) => {
    const current = phases.at(-1) as RunPhase
    phases.push(typeof next === 'function' ? next(current) : next)
  }
  return { phases, setPhase }
}

const started = (seq: number, step: string): RunEvent => ({ type: 'step-started', runId: RUN, seq, at, step, attempt: 1 })
const finishedStep = (seq: number, step: string): RunEvent => ({
  type: 'step-finished',
  runId: RUN,
  seq,
  at,
  step,
  attempt: 1,
  durationMs: 5,
})

describe('following a run', () => {
  it('shows each step as it starts, progresses and finishes, and the share of the run done', async () => {
    const { phases, setPhase } = phaseLog()
    const api = runServer([
      started(1, 'extract:CR_04'),
      { type: 'step-progress', runId: RUN, seq: 2, at, step: 'extract:CR_04', done: 50, total: 100, message: '50 rows' },
      finishedStep(3, 'extract:CR_04'),
      started(4, 'compute'),
      finishedStep(5, 'compute'),
      { type: 'run-finished', runId: RUN, seq: 6, at, status: 'succeeded', error: null },
    ])

    const steps = await followToEnd(api, RUN, setPhase, new AbortController().signal)

    expect(steps?.map((s) => s.status)).toEqual(['succeeded', 'succeeded'])
    const running = phases.filter((p) => p.kind === 'running')
    expect(running.map((p) => p.fraction)).toEqual([0, 0, 0.225, 0.5, 0.5, 1, 1])
    expect(running[2]?.steps[0]).toMatchObject({ status: 'running', fraction: 0.5, detail: '50 rows' })
  })

  it('a failed run shows the server error under its title and keeps the steps reached', async () => {
    const { phases, setPhase } = phaseLog()
    const error = { code: 'TIEOUT_ERR_SOURCE_TIMEOUT', message: 'CR_04: the query ran longer than 300 s' }
    const api = runServer([
      started(1, 'extract:CR_04'),
      { type: 'step-failed', runId: RUN, seq: 2, at, step: 'extract:CR_04', attempt: 3, error },
      { type: 'run-finished', runId: RUN, seq: 3, at, status: 'failed', error },
    ])

    expect(await followToEnd(api, RUN, setPhase, new AbortController().signal)).toBeNull()
    const last = phases.at(-1)
    expect(last).toMatchObject({
      kind: 'failed',
      notice: { intent: 'error', title: 'The data source timed out', message: 'CR_04: the query ran longer than 300 s' },
    })
    expect(last?.kind === 'failed' && last.steps?.map((s) => [s.name, s.status])).toEqual([
      ['extract:CR_04', 'failed'],
      ['compute', 'pending'],
    ])
  })

  it('a cancelled run says the workbook is unchanged', () => {
    const phase = endedPhase(RUN, { type: 'run-finished', runId: RUN, seq: 9, at, status: 'cancelled', error: null }, [])
    expect(phase).toMatchObject({
      kind: 'failed',
      notice: { intent: 'info', title: 'Run cancelled', message: `Run ${RUN} was cancelled; the workbook is unchanged.` },
    })
  })

  it('a run that failed without an error says how it ended', () => {
    const phase = endedPhase(RUN, { type: 'run-finished', runId: RUN, seq: 9, at, status: 'failed', error: null }, [])
    expect(phase).toMatchObject({ kind: 'failed', notice: { title: 'The server failed', message: 'The run ended failed.' } })
  })

  it('a stream that ends before the run finished is an error, not a success', async () => {
    const { setPhase } = phaseLog()
    await expect(followToEnd(runServer([started(1, 'compute')]), RUN, setPhase, new AbortController().signal)).rejects.toThrow(
      `The progress stream of run ${RUN} ended before the run finished.`,
    )
  })
})

describe('failures and rest', () => {
  const notice = { intent: 'error', title: 'Excel: Writing the sheets failed', message: 'busy' } as const

  it('a failure while a run is followed keeps its steps on screen', () => {
    const steps = [view('compute', { status: 'running' })]
    expect(failedPhase(runningPhase(RUN, steps), notice)).toEqual({ kind: 'failed', notice, steps })
    expect(failedPhase({ kind: 'writing', runId: RUN, fraction: 0.4, steps }, notice)).toEqual({ kind: 'failed', notice, steps })
  })

  it('a failure before any step shows the notice alone', () => {
    expect(failedPhase({ kind: 'starting' }, notice)).toEqual({ kind: 'failed', notice })
  })

  it('dismissing goes back to the run in the workbook, or to nothing', () => {
    expect(restingPhase(null)).toEqual({ kind: 'idle' })
    const loaded = { stored: { runId: RUN } } as LoadedRun
    expect(restingPhase(loaded)).toEqual({ kind: 'done', runId: RUN })
  })
})

describe('starting a run', () => {
  const startingWith = (startRun: () => Promise<{ id: string }>): TieoutApi => ({ startRun }) as unknown as TieoutApi

  it('returns the new run id', async () => {
    const asked: string[] = []
    expect(
      await startOrAsk(
        startingWith(async () => ({ id: RUN })),
        BODY,
        (m) => asked.push(m),
      ),
    ).toBe(RUN)
    expect(asked).toEqual([])
  })

  it('asks before superseding when the server refuses for a signed-off run, with its message', async () => {
    const asked: string[] = []
    const refused = startingWith(async () => {
      throw new ApiError(409, 'TIEOUT_ERR_CONFLICT', 'run-2025-09-0000 of 2025-09 is signed off')
    })
    expect(await startOrAsk(refused, BODY, (m) => asked.push(m))).toBeNull()
    expect(asked).toEqual(['run-2025-09-0000 of 2025-09 is signed off'])
  })

  it('does not ask again once superseding was confirmed, nor for other refusals', async () => {
    const conflict = startingWith(async () => {
      throw new ApiError(409, 'TIEOUT_ERR_CONFLICT', 'still refused')
    })
    await expect(startOrAsk(conflict, { ...BODY, supersedeSignedOff: true }, () => undefined)).rejects.toThrow('still refused')
    const forbidden = startingWith(async () => {
      throw new ApiError(403, 'TIEOUT_ERR_FORBIDDEN', 'preparers only')
    })
    await expect(startOrAsk(forbidden, BODY, () => undefined)).rejects.toThrow('preparers only')
  })

  it('the question names the signed-off run and its period', () => {
    expect(supersedeQuestion('run-2025-09-0000', '2025-09')).toMatch(
      /^Run run-2025-09-0000 of 2025-09 for these entities is signed off\. A new run supersedes it/,
    )
  })
})
