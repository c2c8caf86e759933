import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../shared/result/types.ts'
import { type Azurite, startAzurite } from '../support/azurite.ts'
import { freePort, type RunView, ServeProcess } from '../support/serve-process.ts'
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts'
import { tieout } from './cli/cli.ts'

const QUICK = { period: '2025-09', entities: ['EC_NG'], source: { kind: 'demo', scale: 0.1 } }
const LONG = { period: '2025-09', entities: ['EC_NG', 'JM_EG', 'EC_KE'], source: { kind: 'demo', scale: 0.4 } }
const RUN_LIMIT = 3
const INSTANCE_LIMIT = 2

type Run = RunView

/** One `tieout serve` of the deployment: its own id and port, the shared database and evidence store. */
class Instance extends ServeProcess {
  constructor(
    readonly id: string,
    port: number,
    env: NodeJS.ProcessEnv,
  ) {
    super(port, { ...env, TIEOUT_INSTANCE_ID: id })
  }
}

/** An API token issued with `tieout tokens create` against the shared database, as an operator would. */
async function issueToken(env: NodeJS.ProcessEnv, role: string): Promise<string> {
  const outcome = await tieout(['tokens', 'create', '--role', role, '--name', `ci-${role}`], env)
  if (outcome.code !== 0) throw new Error(`token not issued: ${outcome.stderr}`)
  return outcome.stdout.trim()
}

describe('several instances on one PostgreSQL and one Azure Blob Storage (Azurite)', () => {
  let work: string
  let database: TestDatabase
  let azurite: Azurite
  let a: Instance
  let b: Instance
  let tokens: Record<'preparer' | 'reviewer', string>
  let sqlClient: pg.Client

  const api = async (instance: Instance, path: string, init: RequestInit & { role?: 'preparer' | 'reviewer' } = {}) =>
    fetch(`${instance.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${tokens[init.role ?? 'preparer']}`, 'content-type': 'application/json', ...init.headers },
    })
  const startRun = async (instance: Instance, input: object): Promise<string> => {
    const response = await api(instance, '/api/runs', { method: 'POST', body: JSON.stringify(input) })
    expect(response.status, await response.clone().text()).toBe(202)
    return ((await response.json()) as { id: string }).id
  }
  const runOf = async (instance: Instance, id: string) => (await (await api(instance, `/api/runs/${id}`)).json()) as Run
  const finished = async (instance: Instance, id: string): Promise<Run> => {
    for (let i = 0; i < 1_200; i++) {
      const run = await runOf(instance, id)
      if (['succeeded', 'failed', 'cancelled'].includes(run.status)) return run
      await sleep(100)
    }
    throw new Error(`run ${id} did not finish`)
  }
  const executorOf = async (id: string): Promise<string | null> =>
    (await sqlClient.query<{ executor_id: string | null }>('select executor_id from tieout.runs where id = $1', [id])).rows[0]
      ?.executor_id ?? null

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'tieout-instances-'))
    database = await createTestDatabase()
    azurite = await startAzurite()
    sqlClient = new pg.Client({ connectionString: database.url })
    await sqlClient.connect()
    // Each instance has a data folder of its own; they share the database, the evidence store and
    // the signing key. Run folders are shared: a run may resume on either instance.
    const env = {
      TIEOUT_DATABASE_URL: database.url,
      TIEOUT_EVIDENCE_STORE: 'azure',
      TIEOUT_AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      TIEOUT_AZURE_CONTAINER: 'evidence',
      TIEOUT_SIGNING_KEY_FILE: join(work, 'signing-key.pem'),
      TIEOUT_RUNS_DIR: join(work, 'runs'),
      TIEOUT_DEMO: 'false',
      TIEOUT_RUN_CONCURRENCY: String(RUN_LIMIT),
      TIEOUT_INSTANCE_RUN_CONCURRENCY: String(INSTANCE_LIMIT),
    }
    a = new Instance('a', await freePort(), { ...env, TIEOUT_DATA_DIR: join(work, 'data-a') })
    b = new Instance('b', await freePort(), { ...env, TIEOUT_DATA_DIR: join(work, 'data-b') })
    const cli = { ...env, TIEOUT_DATA_DIR: join(work, 'cli') }
    tokens = { preparer: await issueToken(cli, 'preparer'), reviewer: await issueToken(cli, 'reviewer') }
    await a.start()
    await b.start()
  })

  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()])
    await sqlClient?.end()
    await database?.drop()
    await azurite?.stop()
    await rm(work, { recursive: true, force: true })
  })

  it('eight queued runs are executed by both instances, never more than the global and per-instance limits at once', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, (_, index) => startRun(index % 2 === 0 ? a : b, QUICK)))
    let peak = 0
    const peakPerInstance = new Map<string, number>()
    for (let i = 0; i < 3_000; i++) {
      const { rows } = await sqlClient.query<{ status: string; executor_id: string | null }>(
        'select status, executor_id from tieout.runs where id = any($1)',
        [ids],
      )
      const running = rows.filter((row) => row.status === 'running')
      peak = Math.max(peak, running.length)
      for (const instance of ['a', 'b']) {
        const count = running.filter((row) => row.executor_id === instance).length
        peakPerInstance.set(instance, Math.max(peakPerInstance.get(instance) ?? 0, count))
      }
      if (rows.every((row) => ['succeeded', 'failed', 'cancelled'].includes(row.status))) break
      await sleep(25)
    }
    const runs = await Promise.all(ids.map((id) => runOf(a, id)))
    expect(runs.map((run) => run.status)).toEqual(Array(8).fill('succeeded'))
    const executors = new Set(await Promise.all(ids.map(executorOf)))
    expect([...executors].sort()).toEqual(['a', 'b'])
    expect(peak).toBeLessThanOrEqual(RUN_LIMIT)
    expect(peak).toBeGreaterThan(1)
    for (const count of peakPerInstance.values()) expect(count).toBeLessThanOrEqual(INSTANCE_LIMIT)
  })

  it('progress of a run executed by one instance streams through the other', async () => {
    const id = await startRun(a, QUICK)
    let executor: string | null = null
    for (let i = 0; i < 400 && executor === null; i++) executor = (await executorOf(id)) ?? (await sleep(25), null)
    const other = executor === 'a' ? b : a
    const response = await api(other, `/api/runs/${id}/events`, { headers: { accept: 'text/event-stream' } })
    expect(response.status).toBe(200)
    const text = await response.text()
    const types = [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1])
    expect(types[0]).toBe('run-started')
    expect(types).toContain('step-finished')
    expect(types.at(-1)).toBe('run-finished')
    const seqs = [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]))
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
  })

  it('a review saved through one instance counts at the sign-off asked of the other, and the sign-off locks reviews on both', async () => {
    const id = await startRun(b, QUICK)
    expect((await finished(a, id)).status).toBe('succeeded')
    const refused = await api(b, `/api/runs/${id}/signoff`, { method: 'POST', role: 'reviewer', body: '{}' })
    expect(refused.status).toBe(409)
    const { openItems } = ((await refused.json()) as { error: { openItems: string[] } }).error
    expect(openItems.length).toBeGreaterThan(0)
    const reviews = openItems.map((lineKey) => ({ lineKey, status: 'Explained', comment: 'agreed with ops' }))
    const saved = await api(a, `/api/runs/${id}/reviews`, { method: 'PUT', role: 'reviewer', body: JSON.stringify({ reviews }) })
    expect(saved.status, await saved.clone().text()).toBe(200)
    const signed = await api(b, `/api/runs/${id}/signoff`, { method: 'POST', role: 'reviewer', body: '{}' })
    expect(signed.status, await signed.clone().text()).toBe(201)
    const late = await api(a, `/api/runs/${id}/reviews`, {
      method: 'PUT',
      role: 'reviewer',
      body: JSON.stringify({ reviews: [{ lineKey: openItems[0], status: 'Open', comment: 'second thoughts' }] }),
    })
    expect(late.status).toBe(409)
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('TIEOUT_ERR_SIGNED_OFF')
    const verified = await api(b, `/api/runs/${id}/evidence/verify`, { method: 'POST', role: 'reviewer', body: '{}' })
    expect(((await verified.json()) as { ok: boolean }).ok).toBe(true)
  })

  it('kill -9 of the instance executing a run mid-extract: once it restarts with its id the run is resumed, completed steps not re-run, with the same figures', async () => {
    const reference = await startRun(a, LONG)
    expect((await finished(a, reference)).status).toBe('succeeded')

    const id = await startRun(a, LONG)
    let victim: Instance | null = null
    let atKill: Run | null = null
    for (let i = 0; i < 4_000 && !atKill; i++) {
      const run = await runOf(a, id)
      if (['succeeded', 'failed'].includes(run.status)) throw new Error(`run finished before the kill point: ${run.status}`)
      const midExtract =
        run.steps.some((s) => s.name.startsWith('extract:') && s.name !== 'extract:ENTITIES' && s.status === 'succeeded') &&
        run.steps.some((s) => s.name.startsWith('extract:') && s.status !== 'succeeded')
      if (midExtract) atKill = run
      else await sleep(10)
    }
    const executor = await executorOf(id)
    victim = executor === 'a' ? a : b
    const survivor = victim === a ? b : a
    await victim.kill()
    expect(atKill, 'kill point reached').not.toBeNull()
    const doneBeforeKill = atKill!.steps.filter((s) => s.status === 'succeeded').map((s) => s.name)

    await victim.start()
    const run = await finished(survivor, id)
    expect(run.status, run.error?.message).toBe('succeeded')
    // The restarted instance puts its run back on the queue: either instance may finish it.
    expect(['a', 'b']).toContain(await executorOf(id))
    for (const name of doneBeforeKill) expect(run.steps.find((s) => s.name === name)?.attempts, `${name} re-executed`).toBe(1)
    const results = async (runId: string) => (await (await api(survivor, `/api/runs/${runId}/results`)).json()) as RunResult
    const [resumed, uninterrupted] = await Promise.all([results(id), results(reference)])
    expect({ ...resumed, runId: null }).toEqual({ ...uninterrupted, runId: null })
    const verified = await api(survivor, `/api/runs/${id}/evidence/verify`, { method: 'POST', body: '{}' })
    expect(((await verified.json()) as { ok: boolean }).ok).toBe(true)
  })
})
