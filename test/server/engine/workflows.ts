import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { createDbosEngine, type DbosEngineOptions } from '../../../server/engine/dbos-engine.ts'
import type { RunEngine } from '../../../server/engine/engine.ts'
import { connectState } from '../../../server/state/open-store.ts'
import type { Database } from '../../../server/state/tables.ts'
import { createTestDatabase } from '../../support/postgres.ts'
import type { RetryPolicy, RunInput, StepContext, StepDef, StepOutput, WorkflowDef } from '../../../server/engine/workflow.ts'

/** Test workflows made of fake steps, and an engine on a temporary state store. */
export const TINY_RETRY: RetryPolicy = { initialMs: 10, factor: 2, capMs: 25, maxAttempts: 5 }

export const step = (
  name: string,
  run: (context: StepContext) => Promise<StepOutput> = async () => ({}),
  overrides: Partial<StepDef> = {},
): StepDef => ({ name, dependsOn: [], retry: TINY_RETRY, run, ...overrides })

export const workflow = (steps: readonly StepDef[], overrides: Partial<WorkflowDef> = {}): WorkflowDef => ({
  name: 'test',
  version: '1',
  steps: () => steps,
  ...overrides,
})

export const runInput = (overrides: Partial<RunInput> = {}): RunInput => ({
  period: '2025-09',
  entities: ['EC_NG'],
  source: { kind: 'demo', scale: 1 },
  preparer: 'alice',
  ...overrides,
})

/** A promise with its resolve and reject functions, for steps a test releases by hand. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Waits until the signal aborts, then rejects with its reason, like a cancellable query. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

/** A database of the test's own (copied from the migrated template) and a run folder. */
export type TestStore = {
  dir: string
  url: string
  db: Kysely<Database>
  open: () => Promise<Kysely<Database>>
  dispose: () => Promise<void>
}

export async function tempStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'tieout-engine-'))
  const database = await createTestDatabase()
  const opened: Kysely<Database>[] = []
  const open = async () => {
    const db = await connectState(database.url)
    opened.push(db)
    return db
  }
  const db = await open()
  const dispose = async () => {
    for (const handle of opened) await handle.destroy()
    await database.drop()
    rmSync(dir, { recursive: true, force: true })
  }
  return { dir, url: database.url, db, open, dispose }
}

export type FakeSleep = { delays: number[]; sleep: NonNullable<DbosEngineOptions['sleep']> }

/** Records each backoff wait and returns at once: no test waits for real time. */
export function fakeSleep(): FakeSleep {
  const delays: number[] = []
  return {
    delays,
    sleep: async (ms, signal) => {
      delays.push(ms)
      if (signal.aborted) throw signal.reason
    },
  }
}

/** A DBOS engine on the store's database; launch it after registering the workflows. */
export function testEngine(store: TestStore, options: Partial<DbosEngineOptions> = {}): RunEngine {
  return createDbosEngine({
    db: store.db,
    databaseUrl: store.url,
    runsDir: join(store.dir, 'runs'),
    productVersion: 'test',
    sleep: fakeSleep().sleep,
    random: () => 0.5,
    queuePollMs: 20,
    ...options,
  })
}
