import { describe, expect, it, vi } from 'vitest'
import type { RunInput } from '../../../../../server/run/workflow.ts'
import { bridgeLine, build, endlessWorkflow, finishedRun, reconcileWorkflow, type TestApp, startedRun } from '../../../../helper.ts'

const MATERIAL = 'timing|EC_NG|V-1'
const MINOR = 'timing|EC_NG|V-2'

/** Each run of EC_NG has one material and one minor timing line. */
const lines = (input: RunInput) =>
  input.entities.includes('EC_NG')
    ? [bridgeLine({ key: MATERIAL, businessKey: 'V-1', material: true }), bridgeLine({ key: MINOR, businessKey: 'V-2' })]
    : [bridgeLine({ key: 'timing|EC_KE|V-9', companyCode: 'EC_KE', businessKey: 'V-9', material: true })]

const app = () => build({ wiring: { workflows: [reconcileWorkflow(lines)] } })

async function putReviews(test: TestApp, runId: string, reviews: object[], role: 'reviewer' | 'preparer' = 'reviewer') {
  return test.app.inject({ method: 'PUT', url: `/api/runs/${runId}/reviews`, headers: test.as(role), payload: { reviews } })
}

async function getReviews(test: TestApp, runId: string, query = '') {
  return (await test.app.inject({ url: `/api/runs/${runId}/reviews${query}`, headers: test.as('auditor') })).json()
}

async function signOff(test: TestApp, runId: string, role: 'reviewer' | 'admin' | 'preparer' = 'reviewer') {
  return test.app.inject({ method: 'POST', url: `/api/runs/${runId}/signoff`, headers: test.as(role) })
}

describe('reviews', () => {
  it('each change is a new record; GET returns the latest per key, ?history=1 every record', async () => {
    const test = await app()
    const id = await finishedRun(test)
    await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Needs info', comment: 'ask ops' }])
    await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Explained', comment: 'Jdash lag' }])
    const latest = await getReviews(test, id)
    expect(latest.reviews).toEqual([
      expect.objectContaining({
        lineKey: MATERIAL,
        status: 'Explained',
        comment: 'Jdash lag',
        reviewer: 'demo-reviewer',
        carriedForward: false,
      }),
    ])
    const history = await getReviews(test, id, '?history=1')
    expect(history.history.map((r: { status: string }) => r.status)).toEqual(['Needs info', 'Explained'])
  })

  it('the reviewer is the caller named by the token', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await putReviews(test, id, [{ lineKey: MINOR, status: 'Accepted', comment: '' }])
    expect(response.json()).toMatchObject({ saved: 1, reviews: [{ lineKey: MINOR, reviewer: 'demo-reviewer' }] })
  })

  it('a re-run of the same entity and period carries the latest review of each key forward', async () => {
    const test = await app()
    const first = await finishedRun(test)
    await putReviews(test, first, [{ lineKey: MATERIAL, status: 'Accepted', comment: 'booked in October' }])
    const second = await finishedRun(test)
    expect((await getReviews(test, second)).reviews).toEqual([
      expect.objectContaining({ lineKey: MATERIAL, status: 'Accepted', runId: first, carriedForward: true }),
    ])
  })

  it('reviews do not carry to another period', async () => {
    const test = await app()
    const september = await finishedRun(test)
    await putReviews(test, september, [{ lineKey: MATERIAL, status: 'Accepted', comment: '' }])
    const october = await finishedRun(test, { period: '2025-10', entities: ['EC_NG'] })
    expect((await getReviews(test, october)).reviews).toEqual([])
  })

  it('a line key that is not in the run result is a 400 naming it, and nothing is stored', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await putReviews(test, id, [
      { lineKey: MINOR, status: 'Accepted', comment: '' },
      { lineKey: 'timing|EC_NG|V-404', status: 'Accepted', comment: '' },
    ])
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe(`reviews[1].lineKey: "timing|EC_NG|V-404" is not a reviewable line of run ${id}`)
    expect((await getReviews(test, id)).reviews).toEqual([])
  })

  it('each batch is appended to the run evidence', async () => {
    const test = await app()
    const id = await finishedRun(test)
    await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Explained', comment: 'timing' }])
    expect(test.evidence.records).toEqual([
      expect.objectContaining({
        kind: 'reviews',
        runId: id,
        reviewer: 'demo-reviewer',
        reviews: [expect.objectContaining({ lineKey: MATERIAL })],
      }),
    ])
  })

  it('when the evidence append fails nothing is stored and the answer is a generic 500', async () => {
    const test = await app()
    const id = await finishedRun(test)
    test.evidence.failAppend = true
    const response = await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Explained', comment: '' }])
    expect(response.statusCode).toBe(500)
    expect(response.json().error.message).toBe('internal error; the server log has the details')
    expect((await getReviews(test, id)).reviews).toEqual([])
  })

  it('only reviewers may record reviews', async () => {
    const test = await app()
    const id = await finishedRun(test)
    expect((await putReviews(test, id, [{ lineKey: MINOR, status: 'Accepted', comment: '' }], 'preparer')).statusCode).toBe(403)
  })
})

describe('sign-off (SPEC §8)', () => {
  it('the preparer cannot sign off their own run', async () => {
    const test = await app()
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/runs',
      headers: test.as('admin'),
      payload: { period: '2025-09', entities: ['EC_KE'] },
    })
    const { id } = response.json()
    await test.app.engine.settled(id)
    const refused = await signOff(test, id, 'admin')
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.message).toBe(`demo-admin prepared run ${id} and cannot sign it off`)
  })

  it('a material item still Open blocks sign-off: 409 listing the open items', async () => {
    const test = await app()
    const id = await finishedRun(test)
    await putReviews(test, id, [{ lineKey: MINOR, status: 'Accepted', comment: '' }])
    const response = await signOff(test, id)
    expect(response.statusCode).toBe(409)
    expect(response.json().error).toMatchObject({ code: 'TIEOUT_ERR_CONFLICT', openItems: [MATERIAL] })
  })

  it('a material item reviewed back to Open still blocks sign-off', async () => {
    const test = await app()
    const id = await finishedRun(test)
    await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Accepted', comment: '' }])
    await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Open', comment: 'reopened' }])
    expect((await signOff(test, id)).json().error.openItems).toEqual([MATERIAL])
  })

  it('with no material item Open, a reviewer signs off: recorded with identity and time, appended to evidence', async () => {
    const test = await app()
    const id = await finishedRun(test)
    await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Explained', comment: 'Jdash lag' }])
    const response = await signOff(test, id)
    expect(response.statusCode).toBe(201)
    expect(response.json()).toMatchObject({
      runId: id,
      reviewer: 'demo-reviewer',
      superseded: false,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(test.evidence.records.at(-1)).toMatchObject({ kind: 'signoff', runId: id, reviewer: 'demo-reviewer' })
  })

  it('a run is signed off once', async () => {
    const test = await app()
    const id = await finishedRun(test, { period: '2025-09', entities: ['EC_KE'] })
    await putReviews(test, id, [{ lineKey: 'timing|EC_KE|V-9', status: 'Accepted', comment: '' }])
    await signOff(test, id)
    const again = await signOff(test, id)
    expect(again.statusCode).toBe(409)
    expect(again.json().error.message).toContain('already signed off by demo-reviewer')
  })

  it('two sign-offs at once record one', async () => {
    const test = await app()
    const id = await finishedRun(test, { period: '2025-09', entities: ['EC_KE'] })
    await putReviews(test, id, [{ lineKey: 'timing|EC_KE|V-9', status: 'Accepted', comment: '' }])
    const answers = await Promise.all([signOff(test, id), signOff(test, id)])
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409])
  })

  it('a run that has not succeeded cannot be signed off', async () => {
    const test = await build({ wiring: { workflows: [endlessWorkflow()] } })
    const id = await startedRun(test)
    const response = await signOff(test, id)
    expect(response.statusCode).toBe(409)
    expect(response.json().error.message).toMatch(/only a succeeded run can be signed off/)
  })

  it('a newer run supersedes a signed-off run only when asked (supersedeSignedOff), and says so; the sign-off stays in history', async () => {
    const test = await app()
    const first = await finishedRun(test)
    await putReviews(test, first, [{ lineKey: MATERIAL, status: 'Accepted', comment: '' }])
    await signOff(test, first)
    const refused = await test.app.inject({
      method: 'POST',
      url: '/api/runs',
      headers: test.as('preparer'),
      payload: { period: '2025-09', entities: ['EC_NG'] },
    })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.message).toMatch(
      new RegExp(`supersede the signed-off run ${first} \\(signed off by demo-reviewer at .+\\); send "supersedeSignedOff": true`),
    )
    const second = await finishedRun(test, { period: '2025-09', entities: ['EC_NG'], supersedeSignedOff: true })
    expect((await test.app.inject({ url: `/api/runs/${second}`, headers: test.as('auditor') })).json().supersedesSignedOff).toEqual([first])
    await vi.waitFor(async () => {
      const run = (await test.app.inject({ url: `/api/runs/${first}`, headers: test.as('auditor') })).json()
      expect(run).toMatchObject({
        supersededBy: second,
        signoffs: [{ reviewer: 'demo-reviewer', superseded: true, supersededBy: second, reopened: null }],
      })
    })
    expect((await signOff(test, first)).json().error.message).toBe(`run ${first} was superseded by run ${second}; sign off the newer run`)
    expect((await signOff(test, second)).statusCode).toBe(201)
  })
})
