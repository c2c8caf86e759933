import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../shared/result/types.ts'
import { freePort, type RunView, ServeProcess } from '../support/serve-process.ts'
import { tempDir, tieout } from './cli/cli.ts'

const INPUT = { period: '2025-09', entities: ['EC_NG', 'JM_EG', 'EC_KE'], source: { kind: 'demo', scale: 0.4 } }

type Run = RunView

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
      const server = new ServeProcess(await freePort(), { TIEOUT_DATA_DIR: join(work, point.name.replace(/\W+/g, '-')) })
      await server.start()
      const auth = { authorization: `Bearer ${server.token('preparer')}` }
      const api = (path: string, init: RequestInit = {}) =>
        fetch(`${server.url}${path}`, {
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
