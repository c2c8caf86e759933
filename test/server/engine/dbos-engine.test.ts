import { afterEach, describe, expect, it } from 'vitest'
import { TieoutError } from '../../../shared/errors.ts'
import type { RunEvent } from '../../../shared/api/events.ts'
import type { RunEngine } from '../../../server/engine/engine.ts'
import { deferred, fakeSleep, runInput, step, tempStore, type TestStore, testEngine, untilAborted, workflow } from './workflows.ts'

let store: TestStore
const engines: RunEngine[] = []

async function setup(): Promise<TestStore> {
  store = await tempStore()
  return store
}

function engineFor(options: Parameters<typeof testEngine>[1] = {}): RunEngine {
  const engine = testEngine(store, options)
  engines.push(engine)
  return engine
}

/** An engine whose process "dies": the test never closes it, its hanging step never settles. */
function crashingEngine(): RunEngine {
  return testEngine(store, { closeTimeoutMs: 50 })
}

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close()
  await store.dispose()
})

const runRow = (id: string) => store.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const stepRow = (id: string, name: string) =>
  store.db.selectFrom('run_steps').selectAll().where('run_id', '=', id).where('name', '=', name).executeTakeFirstOrThrow()
const attemptRows = (id: string, name: string) =>
  store.db.selectFrom('step_attempts').selectAll().where('run_id', '=', id).where('step', '=', name).orderBy('attempt').execute()

function collect(engine: RunEngine): RunEvent[] {
  const events: RunEvent[] = []
  engine.onEvent((event) => events.push(event))
  return events
}

const transient = (message: string) => new TieoutError('TIEOUT_ERR_SOURCE_TIMEOUT', { detail: message })

describe('run engine on DBOS: scheduling', () => {
  it('runs independent steps concurrently, never more than the concurrency limit', async () => {
    await setup()
    let active = 0
    let peak = 0
    const twoRunning = deferred()
    const work = async () => {
      active += 1
      peak = Math.max(peak, active)
      if (active === 2) twoRunning.resolve()
      await twoRunning.promise // the first two overlap for certain; a third would have to start alongside
      await new Promise((resolve) => setImmediate(resolve))
      active -= 1
      return {}
    }
    const engine = engineFor({ concurrency: 2 })
    engine.register(workflow(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => step(name, work))))
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    expect(peak).toBe(2)
    expect((await runRow(id)).status).toBe('succeeded')
  })

  it('starts a step only after every step it depends on finished', async () => {
    await setup()
    const order: string[] = []
    const record = (name: string) => async () => {
      order.push(name)
      return {}
    }
    const engine = engineFor()
    engine.register(
      workflow([
        step('compute', record('compute'), { dependsOn: ['extract:A', 'extract:B'] }),
        step('extract:A', record('extract:A')),
        step('extract:B', record('extract:B')),
        step('evidence', record('evidence'), { dependsOn: ['compute'] }),
      ]),
    )
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    expect(order.slice(2)).toEqual(['compute', 'evidence'])
    expect(order.slice(0, 2).sort()).toEqual(['extract:A', 'extract:B'])
  })

  it('journals each step with its output file, hash and summary', async () => {
    await setup()
    const engine = engineFor()
    engine.register(workflow([step('extract:CR_04', async () => ({ file: 'CR_04.csv', sha256: 'ab12', summary: { rows: 3 } }))]))
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    expect(await stepRow(id, 'extract:CR_04')).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      output_file: 'CR_04.csv',
      sha256: 'ab12',
      summary: '{"rows":3}',
    })
  })

  it('records the artifacts a step names in its summary on the run', async () => {
    await setup()
    const engine = engineFor()
    engine.register(workflow([step('evidence', async () => ({ summary: { resultPath: 'out/result.json' } }))]))
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    expect((await runRow(id)).result_path).toBe(`${store.dir}/runs/${id}/out/result.json`)
  })
})

describe('run engine on DBOS: retries', () => {
  it('retries transient errors with exponential backoff and full jitter, journaling every attempt', async () => {
    await setup()
    const sleep = fakeSleep()
    let calls = 0
    const engine = engineFor({ sleep: sleep.sleep, random: () => 0.5 })
    engine.register(
      workflow([
        step('extract:CR_03', async () => {
          calls += 1
          if (calls <= 3) throw transient(`blip ${calls}`)
          return {}
        }),
      ]),
    )
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    // initial 10 ms ×2 capped at 25 ms, jitter 0.5: 5, 10, 12
    expect(sleep.delays).toEqual([5, 10, 12])
    expect((await attemptRows(id, 'extract:CR_03')).map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'succeeded'])
    expect((await runRow(id)).status).toBe('succeeded')
  })

  it('hands the later steps the log of every step and attempt, the retried one with its timing and error', async () => {
    await setup()
    let calls = 0
    let log: unknown = null
    const engine = engineFor()
    engine.register(
      workflow([
        step('extract:CR_03', async () => {
          calls += 1
          if (calls === 1) throw transient('connection reset')
          return {}
        }),
        step(
          'evidence',
          async (context) => {
            log = await context.stepLog?.()
            return {}
          },
          { dependsOn: ['extract:CR_03'] },
        ),
      ]),
    )
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    const timing = { startedAt: expect.any(String), finishedAt: expect.any(String), durationMs: expect.any(Number) }
    expect(log).toEqual([
      {
        step: 'extract:CR_03',
        attempt: 1,
        outcome: 'retry',
        ...timing,
        transient: true,
        nextRetryAt: expect.any(String),
        error: { code: 'TIEOUT_ERR_SOURCE_TIMEOUT', message: 'source query timed out: connection reset' },
      },
      { step: 'extract:CR_03', attempt: 2, outcome: 'succeeded', ...timing, transient: false, nextRetryAt: null, error: null },
      // The step reading the log is itself under way.
      {
        step: 'evidence',
        attempt: 1,
        outcome: 'running',
        startedAt: expect.any(String),
        finishedAt: null,
        durationMs: null,
        transient: false,
        nextRetryAt: null,
        error: null,
      },
    ])
  })

  it('reports each retry with its delay and error', async () => {
    await setup()
    let calls = 0
    const engine = engineFor()
    const events = collect(engine)
    engine.register(
      workflow([
        step('extract:CR_03', async () => {
          calls += 1
          if (calls === 1) throw transient('connection reset')
          return {}
        }),
      ]),
    )
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    expect(events.find((e) => e.type === 'step-retried')).toMatchObject({
      step: 'extract:CR_03',
      attempt: 1,
      delayMs: 5,
      error: { code: 'TIEOUT_ERR_SOURCE_TIMEOUT', message: 'source query timed out: connection reset' },
    })
  })

  it('retries an error that carries transient === true', async () => {
    await setup()
    let calls = 0
    const engine = engineFor()
    engine.register(
      workflow([
        step('extract:IPE_07', async () => {
          calls += 1
          if (calls === 1) throw Object.assign(new Error('ECONNRESET'), { transient: true })
          return {}
        }),
      ]),
    )
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    expect(calls).toBe(2)
    expect((await runRow(id)).status).toBe('succeeded')
  })

  it('fails the run once the retry policy has no attempts left', async () => {
    await setup()
    let calls = 0
    const engine = engineFor()
    engine.register(
      workflow([
        step(
          'extract:CR_05',
          async () => {
            calls += 1
            throw transient('still down')
          },
          { retry: { initialMs: 1, factor: 2, capMs: 4, maxAttempts: 3 } },
        ),
      ]),
    )
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    expect(calls).toBe(3)
    expect(await runRow(id)).toMatchObject({ status: 'failed', error_message: 'source query timed out: still down' })
  })
})

describe('run engine on DBOS: failure and cancellation', () => {
  it('fails the run at once on a permanent error, with its message, and cancels in-flight steps', async () => {
    await setup()
    const sawAbort = deferred<boolean>()
    let dependentRan = false
    const engine = engineFor()
    engine.register(
      workflow([
        step('extract:CR_04', async () => {
          throw new TieoutError('TIEOUT_ERR_SOURCE_QUERY', { detail: "Invalid column name 'GL'" })
        }),
        step('extract:IPE_07', async ({ signal }) => {
          await untilAborted(signal).catch(() => sawAbort.resolve(true))
          return {}
        }),
        step('compute', async () => ((dependentRan = true), {}), { dependsOn: ['extract:CR_04', 'extract:IPE_07'] }),
      ]),
    )
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    expect(await runRow(id)).toMatchObject({
      status: 'failed',
      error_code: 'TIEOUT_ERR_SOURCE_QUERY',
      error_message: "source query failed: Invalid column name 'GL'",
    })
    expect(await sawAbort.promise).toBe(true)
    expect((await attemptRows(id, 'extract:CR_04')).length).toBe(1)
    expect((await stepRow(id, 'extract:IPE_07')).status).toBe('cancelled')
    expect(dependentRan).toBe(false)
  })

  it('cancel aborts the signal of in-flight steps and marks the run cancelled', async () => {
    await setup()
    const started = deferred()
    const aborted = deferred<unknown>()
    const engine = engineFor()
    engine.register(
      workflow([
        step('extract:IPE_08', async ({ signal }) => {
          started.resolve()
          return untilAborted(signal).catch((reason: unknown) => {
            aborted.resolve(reason)
            throw reason
          })
        }),
      ]),
    )
    const id = await engine.start('test', runInput())
    await started.promise
    expect(await engine.cancel(id)).toBe(true)
    await engine.settled(id)
    expect(await aborted.promise).toBeInstanceOf(TieoutError)
    expect((await runRow(id)).status).toBe('cancelled')
    expect((await stepRow(id, 'extract:IPE_08')).status).toBe('cancelled')
    expect((await attemptRows(id, 'extract:IPE_08')).map((a) => a.outcome)).toEqual(['cancelled'])
  })

  it('cancelling a finished run changes nothing', async () => {
    await setup()
    const engine = engineFor()
    engine.register(workflow([step('a')]))
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    expect(await engine.cancel(id)).toBe(false)
    expect((await runRow(id)).status).toBe('succeeded')
  })
})

describe('run engine on DBOS: idempotency', () => {
  it('a repeated start with the same Idempotency-Key returns the same run', async () => {
    await setup()
    const engine = engineFor()
    engine.register(workflow([step('a')]))
    const first = await engine.start('test', runInput(), { idempotencyKey: 'k-1' })
    const second = await engine.start('test', runInput(), { idempotencyKey: 'k-1' })
    expect(second).toBe(first)
    expect(await store.db.selectFrom('runs').select('id').execute()).toHaveLength(1)
  })

  it('the same Idempotency-Key with a different request is a conflict', async () => {
    await setup()
    const engine = engineFor()
    engine.register(workflow([step('a')]))
    await engine.start('test', runInput(), { idempotencyKey: 'k-1' })
    await expect(engine.start('test', runInput({ period: '2025-08' }), { idempotencyKey: 'k-1' })).rejects.toMatchObject({
      code: 'TIEOUT_ERR_CONFLICT',
    })
  })
})

describe('run engine on DBOS: durability', () => {
  it('after a crash, the relaunched engine runs only the steps that had not completed', async () => {
    await setup()
    const calls = { a: 0, b: 0, c: 0 }
    const bStarted = deferred()
    let crashed = true
    const steps = [
      step('a', async () => ((calls.a += 1), {})),
      step(
        'b',
        async () => {
          calls.b += 1
          bStarted.resolve()
          if (crashed) await new Promise(() => {}) // the process dies while b runs
          return {}
        },
        { dependsOn: ['a'] },
      ),
      step('c', async () => ((calls.c += 1), {}), { dependsOn: ['b'] }),
    ]
    const before = crashingEngine()
    before.register(workflow(steps))
    const id = await before.start('test', runInput())
    await bStarted.promise

    crashed = false
    const after = engineFor()
    after.register(workflow(steps))
    await after.launch()
    await after.settled(id)

    expect(calls).toEqual({ a: 1, b: 2, c: 1 })
    expect((await runRow(id)).status).toBe('succeeded')
    expect((await attemptRows(id, 'b')).map((a) => a.outcome)).toEqual(['interrupted', 'succeeded'])
  })

  it('a run left by another version is held with the reason, never lost: the earlier version started again finishes it', async () => {
    await setup()
    const started = deferred()
    let resumedSteps = 0
    const before = crashingEngine()
    before.register(workflow([step('a', async () => (started.resolve(), new Promise(() => {})))], { version: '1' }))
    const id = await before.start('test', runInput())
    await started.promise

    const after = engineFor()
    after.register(workflow([step('a', async () => ((resumedSteps += 1), {}))], { version: '2' }))
    await after.launch()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(resumedSteps).toBe(0)
    const run = await runRow(id)
    expect(run.status).toBe('running')
    expect(run.held_reason).toMatch(
      /^started under version tieout-test\+test@1; this server runs tieout-test\+test@2 and does not resume it\./,
    )
    // The documented way out: the earlier version, started against the same database, finishes it.
    await after.close()
    const earlier = engineFor()
    earlier.register(workflow([step('a', async () => ({}))], { version: '1' }))
    await earlier.launch()
    await earlier.settled(id)
    expect(await runRow(id)).toMatchObject({ status: 'succeeded', held_reason: null })
    expect(resumedSteps).toBe(0)
  })

  it('close leaves an in-flight run resumable by the next engine', async () => {
    await setup()
    const started = deferred()
    let first = true
    const steps = [
      step('a', async ({ signal }) => {
        if (!first) return {}
        first = false
        started.resolve()
        return untilAborted(signal)
      }),
    ]
    const before = engineFor()
    before.register(workflow(steps))
    const id = await before.start('test', runInput())
    await started.promise
    await before.close()
    expect((await runRow(id)).status).toBe('running')

    const after = engineFor()
    after.register(workflow(steps))
    await after.launch()
    await after.settled(id)
    expect((await runRow(id)).status).toBe('succeeded')
    expect((await attemptRows(id, 'a')).map((a) => a.outcome)).toEqual(['interrupted', 'succeeded'])
  })
})

describe('run engine on DBOS: events', () => {
  it('a late subscriber replays the run from its start to run-finished', async () => {
    await setup()
    const engine = engineFor()
    engine.register(workflow([step('a', async ({ progress }) => (progress(1, 1, 'rows'), {}))]))
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    const { replay, unsubscribe } = await engine.events(id, () => {})
    unsubscribe()
    expect(replay.map((e) => e.type)).toEqual(['run-started', 'step-started', 'step-progress', 'step-finished', 'run-finished'])
    expect(replay.at(-1)).toMatchObject({ status: 'succeeded', error: null })
  })

  it('keeps only the latest progress of each step', async () => {
    await setup()
    let clock = 0
    const engine = engineFor({ now: () => new Date(Date.UTC(2025, 9, 1) + (clock += 1_000)) })
    engine.register(
      workflow([
        step('a', async ({ progress }) => {
          for (let done = 1; done <= 50; done += 1) progress(done, 50)
          return {}
        }),
      ]),
    )
    const id = await engine.start('test', runInput())
    await engine.settled(id)
    const { replay } = await engine.events(id, () => {})
    const progress = replay.filter((e) => e.type === 'step-progress')
    expect(progress).toEqual([expect.objectContaining({ done: 50, total: 50 })])
  })
})
