import { describe, expect, it } from 'vitest'
import { build, endlessWorkflow, finishedRun } from '../../../../helper.ts'
import { runInput as runInputOf } from '../../../engine/workflows.ts'

const start = { period: '2025-09', entities: ['EC_NG'] }

describe('POST /api/runs', () => {
  it('starts a run and answers 202 with its id and status', async () => {
    const test = await build()
    const response = await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: start })
    expect(response.statusCode).toBe(202)
    expect(response.json()).toEqual({ id: expect.any(String), status: expect.stringMatching(/queued|running/) })
  })

  it('journals the caller as the preparer, with entities deduplicated and sorted', async () => {
    const test = await build()
    const id = await finishedRun(test, { period: '2025-09', entities: ['EC_NG', 'EC_KE', 'EC_NG'] })
    const run = (await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') })).json()
    expect(run).toMatchObject({ preparer: 'demo-preparer', entities: ['EC_KE', 'EC_NG'], status: 'succeeded' })
  })

  it('a repeated request with the same Idempotency-Key returns the same run', async () => {
    const test = await build()
    const headers = { ...test.as('preparer'), 'idempotency-key': 'sched-2025-09' }
    const first = await test.app.inject({ method: 'POST', url: '/api/runs', headers, payload: start })
    const second = await test.app.inject({ method: 'POST', url: '/api/runs', headers, payload: start })
    expect(second.statusCode).toBe(202)
    expect(second.json().id).toBe(first.json().id)
    const list = await test.app.inject({ url: '/api/runs', headers: test.as('auditor') })
    expect(list.json().runs).toHaveLength(1)
  })

  it('the same Idempotency-Key with another body is a 409', async () => {
    const test = await build()
    const headers = { ...test.as('preparer'), 'idempotency-key': 'k' }
    await test.app.inject({ method: 'POST', url: '/api/runs', headers, payload: start })
    const other = await test.app.inject({ method: 'POST', url: '/api/runs', headers, payload: { ...start, period: '2025-08' } })
    expect(other.statusCode).toBe(409)
    expect(other.json().error.message).toContain('Idempotency-Key "k" was already used')
  })
})

describe('GET /api/runs and /api/runs/:id', () => {
  it('shows status, input, derived period dates and each step with its attempts', async () => {
    const test = await build()
    const id = await finishedRun(test)
    const run = (await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') })).json()
    expect(run).toMatchObject({
      id,
      status: 'succeeded',
      input: { period: '2025-09', entities: ['EC_NG'], source: { kind: 'demo', scale: 1 } },
      periodDates: { closingDate: '2025-09-30', nextPeriodStart: '2025-10-01', yearStart: '2025-01-01', timingWindowStart: '2024-10-01' },
      artifacts: { result: true, workbook: true, evidence: false },
    })
    expect(run.steps.map((s: { name: string }) => s.name)).toEqual(['extract:CR_04', 'extract:IPE_07', 'compute'])
    expect(run.steps[2]).toMatchObject({ status: 'succeeded', attempts: 1, attemptLog: [{ attempt: 1, outcome: 'succeeded' }] })
  })

  it('filters the list by period, entity and status', async () => {
    const test = await build()
    await finishedRun(test, { period: '2025-09', entities: ['EC_NG'] })
    await finishedRun(test, { period: '2025-09', entities: ['EC_KE'] })
    await finishedRun(test, { period: '2025-08', entities: ['EC_NG'] })
    const list = async (query: string) =>
      (await test.app.inject({ url: `/api/runs?${query}`, headers: test.as('auditor') })).json().runs as {
        period: string
        entities: string[]
      }[]
    expect(await list('period=2025-09&entity=EC_NG')).toEqual([expect.objectContaining({ period: '2025-09', entities: ['EC_NG'] })])
    expect(await list('status=succeeded')).toHaveLength(3)
    expect(await list('status=running')).toHaveLength(0)
  })

  it('an unknown run is a 404 naming it', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/api/runs/nope', headers: test.as('auditor') })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ error: { code: 'TIEOUT_ERR_NOT_FOUND', message: 'run nope not found' } })
  })
})

describe('POST /api/runs/:id/cancel', () => {
  it('cancels a running run', async () => {
    const test = await build({ wiring: { workflows: [endlessWorkflow()] } })
    const { id } = (await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: start })).json()
    const response = await test.app.inject({ method: 'POST', url: `/api/runs/${id}/cancel`, headers: test.as('preparer') })
    expect(response.json()).toEqual({ id, status: 'cancelled' })
  })

  it('another preparer may not cancel the run (403); an admin may', async () => {
    const test = await build({ wiring: { workflows: [endlessWorkflow()] } })
    const { id } = (await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: start })).json()
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: test.as('admin'),
      payload: { name: 'other-preparer', role: 'preparer' },
    })
    const other = { authorization: `Bearer ${created.json().token}` }
    const refused = await test.app.inject({ method: 'POST', url: `/api/runs/${id}/cancel`, headers: other })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.message).toBe(`other-preparer may not cancel run ${id}: only its preparer (demo-preparer) or an admin may`)
    expect((await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') })).json().status).toMatch(/queued|running/)
    for (const role of ['reviewer', 'auditor'] as const) {
      expect((await test.app.inject({ method: 'POST', url: `/api/runs/${id}/cancel`, headers: test.as(role) })).statusCode).toBe(403)
    }
    const byAdmin = await test.app.inject({ method: 'POST', url: `/api/runs/${id}/cancel`, headers: test.as('admin') })
    expect(byAdmin.json()).toEqual({ id, status: 'cancelled' })
  })

  it('cancelling a finished run is a 409', async () => {
    const test = await build()
    const id = await finishedRun(test)
    const response = await test.app.inject({ method: 'POST', url: `/api/runs/${id}/cancel`, headers: test.as('preparer') })
    expect(response.statusCode).toBe(409)
    expect(response.json().error.message).toBe(`run ${id} has already finished (succeeded)`)
  })
})

describe('durability across restarts', () => {
  it('a run left unfinished by a stopped server resumes when the server starts again', async () => {
    const before = await build({ wiring: { workflows: [endlessWorkflow()] } })
    const stepStarted = new Promise((resolve) => before.app.engine.onEvent((event) => event.type === 'step-started' && resolve(event)))
    const { id } = (await before.app.inject({ method: 'POST', url: '/api/runs', headers: before.as('preparer'), payload: start })).json()
    await stepStarted
    await before.app.close()

    const finishing = { ...endlessWorkflow(), steps: () => [{ ...endlessWorkflow().steps(runInputOf())[0]!, run: async () => ({}) }] }
    const after = await build({ dataDir: before.dataDir, wiring: { workflows: [finishing] } })
    await after.app.engine.settled(id)
    const run = (await after.app.inject({ url: `/api/runs/${id}`, headers: before.as('auditor') })).json()
    expect(run.status).toBe('succeeded')
    expect(run.steps[0].attemptLog.map((a: { outcome: string }) => a.outcome)).toEqual(['interrupted', 'succeeded'])
  })
})
