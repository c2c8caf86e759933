import { spawn, type ChildProcess } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../shared/result/types.ts'
import { tempDir, tieout } from './cli/cli.ts'

const BIN = new URL('../../bin/tieout.js', import.meta.url).pathname
const INPUT = { period: '2025-09', entities: ['EC_NG', 'JM_EG', 'EC_KE'], source: { kind: 'demo', scale: 0.4 } }

type Step = { name: string; status: string; attempts: number }
type Run = { id: string; status: string; steps: Step[]; error: { message: string } | null }

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** The server as an operator runs it: a child process on loopback, killed with SIGKILL when told. */
class ServerProcess {
  child: ChildProcess | null = null
  log = ''
  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  async start(): Promise<void> {
    const env = { ...process.env, TIEOUT_DATA_DIR: this.dataDir, TIEOUT_PORT: String(this.port), TIEOUT_LOG_LEVEL: 'warn' }
    this.child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    this.child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()))
    this.child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()))
    for (let i = 0; i < 300; i++) {
      if (
        await fetch(`http://127.0.0.1:${this.port}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return
      await sleep(100)
    }
    throw new Error(`server did not start:\n${this.log}`)
  }

  kill(): Promise<void> {
    const child = this.child
    return new Promise((resolve) => {
      child?.once('exit', () => resolve())
      child?.kill('SIGKILL')
    })
  }

  token(role: string): string {
    const match = new RegExp(`demo-${role}\\s+(\\S+)`).exec(this.log)
    if (!match?.[1]) throw new Error(`no ${role} token in:\n${this.log}`)
    return match[1]
  }
}

describe('kill -9 of the server in the middle of a run', () => {
  let work: string
  let reference: RunResult

  beforeAll(async () => {
    work = await tempDir('crash')
    const outcome = await tieout([
      'reconcile',
      '--source',
      'demo',
      '--scale',
      String(INPUT.source.scale),
      '--period',
      INPUT.period,
      '--entities',
      INPUT.entities.join(','),
      '--out',
      join(work, 'reference'),
      '--data-dir',
      join(work, 'reference-data'),
    ])
    expect(outcome.code, outcome.stderr).toBe(0)
    reference = JSON.parse(await readFile(join(work, 'reference', 'result.json'), 'utf8')) as RunResult
  })
  afterAll(async () => rm(work, { recursive: true, force: true }))

  const killPoints: { name: string; ready: (run: Run) => boolean }[] = [
    {
      name: 'during the extracts',
      ready: (run) =>
        run.steps.some((s) => s.name.startsWith('extract:') && s.name !== 'extract:ENTITIES' && s.status === 'succeeded') &&
        run.steps.some((s) => s.name.startsWith('extract:') && s.status !== 'succeeded'),
    },
    {
      name: 'during compute or evidence',
      ready: (run) => run.steps.some((s) => (s.name === 'compute' || s.name === 'evidence') && s.status === 'running'),
    },
  ]

  for (const point of killPoints) {
    it(`resumes ${point.name} from the last completed step and ends with identical results`, async () => {
      const server = new ServerProcess(join(work, point.name.replace(/\W+/g, '-')), await freePort())
      await server.start()
      const auth = { authorization: `Bearer ${server.token('preparer')}` }
      const api = (path: string, init: RequestInit = {}) =>
        fetch(`http://127.0.0.1:${server.port}${path}`, {
          ...init,
          headers: { ...auth, 'content-type': 'application/json', ...init.headers },
        })
      const started = (await (await api('/api/runs', { method: 'POST', body: JSON.stringify(INPUT) })).json()) as { id: string }
      let atKill: Run | null = null
      for (let i = 0; i < 2000 && !atKill; i++) {
        const run = (await (await api(`/api/runs/${started.id}`)).json()) as Run
        if (run.status === 'succeeded' || run.status === 'failed') throw new Error(`run finished before the kill point: ${run.status}`)
        if (point.ready(run)) atKill = run
        else await sleep(20)
      }
      await server.kill()
      expect(atKill, 'kill point reached').not.toBeNull()
      const doneBeforeKill = atKill!.steps.filter((s) => s.status === 'succeeded').map((s) => s.name)

      await server.start()
      let finished: Run | null = null
      for (let i = 0; i < 1200 && !finished; i++) {
        const run = (await (await api(`/api/runs/${started.id}`)).json()) as Run
        if (['succeeded', 'failed', 'cancelled'].includes(run.status)) finished = run
        else await sleep(100)
      }
      const results = (await (await api(`/api/runs/${started.id}/results`)).json()) as RunResult
      const verified = (await (await api(`/api/runs/${started.id}/evidence/verify`, { method: 'POST', body: '{}' })).json()) as {
        ok: boolean
      }
      await server.kill()

      expect(finished?.status, finished?.error?.message).toBe('succeeded')
      for (const name of doneBeforeKill) expect(finished!.steps.find((s) => s.name === name)?.attempts, `${name} re-executed`).toBe(1)
      expect(results.extracts).toEqual(reference.extracts)
      expect({ ...results, runId: null }).toEqual({ ...reference, runId: null })
      expect(verified.ok).toBe(true)
    })
  }
})
