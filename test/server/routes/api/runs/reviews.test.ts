import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { RunInput } from '../../../../../server/engine/workflow.ts'
import {
  bridgeLine,
  build,
  endlessWorkflow,
  finishedRun,
  reconcileWorkflow,
  runResult,
  type TestApp,
  startedRun,
} from '../../../../helper.ts'

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

  it('a carried review counts at sign-off only while the amount is the one its reviewer saw', async () => {
    let amount = '1000.00'
    const changing = () => [bridgeLine({ key: MATERIAL, businessKey: 'V-1', material: true, amountLcy: amount })]
    const test = await build({ wiring: { workflows: [reconcileWorkflow(changing)] } })
    const first = await finishedRun(test)
    await putReviews(test, first, [{ lineKey: MATERIAL, status: 'Explained', comment: 'booked in October' }])
    amount = '1250.00'
    const changed = await finishedRun(test)
    const refused = await signOff(test, changed)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.openItems).toEqual([MATERIAL])
    const same = await finishedRun(test)
    await putReviews(test, same, [{ lineKey: MATERIAL, status: 'Explained', comment: 'checked again at 1,250.00' }])
    const rerun = await finishedRun(test)
    expect((await signOff(test, rerun)).statusCode).toBe(201)
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

describe('sign-off (methodology §8)', () => {
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

async function reopen(test: TestApp, runId: string, payload: object, role: 'reviewer' | 'preparer' | 'auditor' = 'reviewer') {
  return test.app.inject({ method: 'POST', url: `/api/runs/${runId}/reopen`, headers: test.as(role), payload })
}

async function signedOff(test: TestApp): Promise<string> {
  const id = await finishedRun(test)
  await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Explained', comment: 'Jdash lag' }])
  expect((await signOff(test, id)).statusCode).toBe(201)
  return id
}

describe('a signed-off run is locked until a reviewer reopens it', () => {
  it('a review change after sign-off is 409 TIEOUT_ERR_SIGNED_OFF and nothing is stored', async () => {
    const test = await app()
    const id = await signedOff(test)
    const response = await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Open', comment: 'second thoughts' }])
    expect(response.statusCode).toBe(409)
    expect(response.json().error).toMatchObject({
      code: 'TIEOUT_ERR_SIGNED_OFF',
      message: expect.stringContaining(`run ${id} was signed off by demo-reviewer`),
    })
    expect((await getReviews(test, id)).reviews).toEqual([expect.objectContaining({ lineKey: MATERIAL, status: 'Explained' })])
  })

  it('reopen: 200 with who, when and why; an appendix record; the sign-off shows it; reviews are taken again; a new sign-off is needed', async () => {
    const test = await app()
    const id = await signedOff(test)
    const response = await reopen(test, id, { reason: '  FX rate corrected by treasury  ' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      runId: id,
      reopenedBy: 'demo-reviewer',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      reason: 'FX rate corrected by treasury',
    })
    expect(test.evidence.records.at(-1)).toEqual({
      kind: 'reopen',
      runId: id,
      reviewer: 'demo-reviewer',
      at: response.json().at,
      reason: 'FX rate corrected by treasury',
    })
    const detail = (await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') })).json()
    expect(detail.signoffs).toEqual([
      expect.objectContaining({
        reviewer: 'demo-reviewer',
        reopened: { by: 'demo-reviewer', at: response.json().at, reason: 'FX rate corrected by treasury' },
      }),
    ])
    expect((await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Open', comment: 'recheck' }])).statusCode).toBe(200)
    expect((await signOff(test, id)).json().error.openItems).toEqual([MATERIAL])
    await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Accepted', comment: 'rechecked' }])
    expect((await signOff(test, id)).statusCode).toBe(201)
    const signoffs = (await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') })).json().signoffs
    expect(signoffs.map((signoff: { reopened: unknown }) => signoff.reopened === null)).toEqual([false, true])
  })

  it('reopen of a run that is not signed off is 409; a blank or too long reason is 400; only reviewers reopen', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const notSigned = await reopen(test, id, { reason: 'why not' })
    expect(notSigned.statusCode).toBe(409)
    expect(notSigned.json().error.message).toBe(`run ${id} is not signed off: there is nothing to reopen`)
    await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Explained', comment: '' }])
    await signOff(test, id)
    expect((await reopen(test, id, { reason: '   ' })).json().error).toMatchObject({
      code: 'TIEOUT_ERR_BAD_INPUT',
      message: 'reason: must not be blank',
    })
    expect((await reopen(test, id, { reason: 'x'.repeat(2_001) })).statusCode).toBe(400)
    expect((await reopen(test, id, {})).statusCode).toBe(400)
    expect((await reopen(test, id, { reason: 'mine' }, 'preparer')).statusCode).toBe(403)
    expect((await reopen(test, id, { reason: 'x'.repeat(2_000) })).statusCode).toBe(200)
  })
})

describe('segregation of duties and what blocks sign-off', () => {
  it("the run's preparer, even an admin, cannot close its material line; another reviewer can", async () => {
    const test = await app()
    const started = await test.app.inject({
      method: 'POST',
      url: '/api/runs',
      headers: test.as('admin'),
      payload: { period: '2025-09', entities: ['EC_NG'] },
    })
    const { id } = started.json()
    await test.app.engine.settled(id)
    const closing = await test.app.inject({
      method: 'PUT',
      url: `/api/runs/${id}/reviews`,
      headers: test.as('admin'),
      payload: { reviews: [{ lineKey: MATERIAL, status: 'Accepted', comment: 'mine' }] },
    })
    expect(closing.statusCode).toBe(403)
    expect(closing.json().error.message).toBe(
      `reviews[0]: demo-admin prepared run ${id} and cannot close its material line "${MATERIAL}"; another reviewer must`,
    )
    const minor = await test.app.inject({
      method: 'PUT',
      url: `/api/runs/${id}/reviews`,
      headers: test.as('admin'),
      payload: { reviews: [{ lineKey: MINOR, status: 'Accepted', comment: 'not material' }] },
    })
    expect(minor.statusCode).toBe(200)
    expect((await putReviews(test, id, [{ lineKey: MATERIAL, status: 'Accepted', comment: '' }])).statusCode).toBe(200)
    expect((await signOff(test, id)).statusCode).toBe(201)
  })

  it('the 409 of a refused sign-off describes each open item (items[]) besides its key', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const error = (await signOff(test, id)).json().error
    expect(error.openItems).toEqual([MATERIAL])
    expect(error.items).toEqual([
      {
        kind: 'bridge',
        lineKey: MATERIAL,
        bridge: 'Timing difference',
        entity: 'EC_NG',
        businessKey: 'V-1',
        amountUsd: '0.65',
        description: 'Jdash usage not in BOB',
      },
    ])
  })

  it('INVESTIGATE tie-out groups and roll-forward buckets (and FX_MISSING ones) must not be Open at sign-off', async () => {
    const group = (status: string, key: string) => ({
      key,
      companyCode: 'EC_NG',
      group: 'customer-ar',
      groupTitle: 'Customer AR',
      status,
      unexplainedLcy: '-1234.50',
      unexplainedUsd: status === 'FX_MISSING' ? null : '-1234.50',
    })
    const bucket = {
      key: 'rollforward|EC_NG|Usage|Refund',
      companyCode: 'EC_NG',
      category: 'Usage',
      voucherType: 'Refund',
      varianceLcy: '900.00',
      varianceUsd: '600.00',
      status: 'INVESTIGATE',
    }
    const workflow = reconcileWorkflow(() => [])
    const compute = {
      name: 'compute',
      dependsOn: [],
      retry: { initialMs: 1, factor: 2, capMs: 4, maxAttempts: 1 },
      run: async ({ runDir, runId, input }: { runDir: string; runId: string; input: RunInput }) => {
        const result = {
          ...runResult(runId, input),
          tieOut: [
            group('INVESTIGATE', 'tieout|EC_NG|customer-ar'),
            group('FX_MISSING', 'tieout|EC_NG|fx'),
            group('NO_TV', 'tieout|EC_NG|notv'),
          ],
          rollForward: [bucket],
        }
        writeFileSync(join(runDir, 'result.json'), JSON.stringify(result))
        return { file: 'result.json', summary: { resultPath: 'result.json' } }
      },
    }
    const test = await build({ wiring: { workflows: [{ ...workflow, steps: () => [compute] }] } })
    const id = await finishedRun(test)
    const error = (await signOff(test, id)).json().error
    expect(error.openItems).toEqual(['tieout|EC_NG|customer-ar', 'tieout|EC_NG|fx', 'rollforward|EC_NG|Usage|Refund'])
    expect(error.items).toEqual([
      expect.objectContaining({
        kind: 'tie-out',
        lineKey: 'tieout|EC_NG|customer-ar',
        bridge: null,
        entity: 'EC_NG',
        businessKey: 'Customer AR',
        amountUsd: '-1234.50',
      }),
      expect.objectContaining({ kind: 'tie-out', lineKey: 'tieout|EC_NG|fx', amountUsd: null }),
      expect.objectContaining({
        kind: 'roll-forward',
        lineKey: bucket.key,
        bridge: null,
        businessKey: 'Usage / Refund',
        amountUsd: '600.00',
      }),
    ])
    await putReviews(test, id, [
      { lineKey: 'tieout|EC_NG|customer-ar', status: 'Explained', comment: 'cut-off' },
      { lineKey: 'tieout|EC_NG|fx', status: 'Accepted', comment: 'rate confirmed' },
      { lineKey: bucket.key, status: 'Explained', comment: 'usage booked late' },
    ])
    expect((await signOff(test, id)).statusCode).toBe(201)
  })
})

describe('sign-off while a newer run of the same scope is in progress', () => {
  it('is refused (409 naming the newer run), since that run would supersede the sign-off when it finishes', async () => {
    const gate: { release: (() => void) | null } = { release: null }
    let hold = false
    const base = reconcileWorkflow(lines)
    const workflow = {
      ...base,
      steps: (input: RunInput) =>
        base.steps(input).map((step) =>
          step.name === 'compute'
            ? {
                ...step,
                run: async (context: Parameters<typeof step.run>[0]) => {
                  if (hold) await new Promise<void>((resolve) => (gate.release = resolve))
                  return step.run(context)
                },
              }
            : step,
        ),
    }
    const test = await build({ wiring: { workflows: [workflow] } })
    const first = await finishedRun(test)
    await putReviews(test, first, [{ lineKey: MATERIAL, status: 'Explained', comment: '' }])
    hold = true
    const second = await startedRun(test)
    await vi.waitFor(() => expect(gate.release).not.toBeNull())
    const refused = await signOff(test, first)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.message).toBe(
      `run ${second} of the same entities and period is in progress and will supersede run ${first}; sign off when it finishes, or cancel it`,
    )
    gate.release?.()
    await test.app.engine.settled(second)
  })
})
