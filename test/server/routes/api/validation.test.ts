import { describe, expect, it } from 'vitest'
import { build, type TestApp } from '../../../helper.ts'

async function postRun(test: TestApp, payload: unknown, headers: Record<string, string> = {}) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  return test.app.inject({
    method: 'POST',
    url: '/api/runs',
    headers: { ...test.as('preparer'), 'content-type': 'application/json', ...headers },
    payload: body,
  })
}

async function runCount(test: TestApp): Promise<number> {
  const rows = await test.app.db.selectFrom('runs').select('id').execute()
  return rows.length
}

describe('bad input to POST /api/runs: 4xx naming the field, nothing created', () => {
  it.each([
    ['2025/09', 'period: must be YYYY-MM with a month from 01 to 12'],
    ['2025-9', 'period: must be YYYY-MM with a month from 01 to 12'],
    ['2025-13', 'period: must be YYYY-MM with a month from 01 to 12'],
    ['2025-9-30', 'period: must be YYYY-MM with a month from 01 to 12'],
    ['1899-12', 'period "1899-12" is not of the form YYYY-MM with a month from 01 to 12'],
  ])('period %s is rejected: %s', async (period, message) => {
    const test = await build()
    const response = await postRun(test, { period, entities: ['EC_NG'] })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe(message)
    expect(await runCount(test)).toBe(0)
  })

  it.each([
    [{ period: '2025-09' }, 'entities: is required'],
    [{ period: '2025-09', entities: 'EC_NG' }, 'entities: must be array'],
    [{ period: '2025-09', entities: [] }, 'entities: must not have fewer than 1 items'],
    [{ period: '2025-09', entities: [7] }, 'entities[0]: must be string'],
    [{ period: '2025-09', entities: ['EC NG'] }, 'entities[0]: must be a company code such as EC_NG'],
    [{ period: '2025-09', entities: ['EC_NG'], colour: 'red' }, 'colour: unknown field'],
    [{ period: 202509, entities: ['EC_NG'] }, 'period: must be string'],
  ])('%j is rejected: %s', async (payload, message) => {
    const test = await build()
    const response = await postRun(test, payload)
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toContain(message)
    expect(await runCount(test)).toBe(0)
  })

  it.each([
    [{ kind: 'ftp' }, 'source.kind: must be one of demo, files, fileset, mssql'],
    [{ kind: 'files' }, 'source.dir: is required for kind files'],
    [{ kind: 'demo', dir: 'x' }, 'source.dir: not allowed for kind demo'],
    [{ kind: 'demo', scale: 0 }, 'source.scale: must be > 0'],
  ])('source %j is rejected: %s', async (source, message) => {
    const test = await build()
    const response = await postRun(test, { period: '2025-09', entities: ['EC_NG'], source })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe(message)
    expect(await runCount(test)).toBe(0)
  })

  it('a body that is not JSON is refused', async () => {
    const test = await build()
    const response = await postRun(test, 'period=2025-09', { 'content-type': 'text/plain' })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe('body: must be a JSON object (send application/json)')
  })

  it('malformed JSON is a 400', async () => {
    const test = await build()
    const response = await postRun(test, '{"period": "2025-09", ')
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ error: { code: 'TIEOUT_ERR_BAD_INPUT', message: 'body: malformed JSON' } })
  })

  it('a body over 1 MB is a 413', async () => {
    const test = await build()
    const response = await postRun(test, { period: '2025-09', entities: ['EC_NG'], padding: 'x'.repeat(1_100_000) })
    expect(response.statusCode).toBe(413)
    expect(response.json().error.code).toBe('TIEOUT_ERR_TOO_LARGE')
    expect(response.json().error.message).toContain('size limit')
    expect(await runCount(test)).toBe(0)
  })

  it('an entity not in the entity master is a 400 naming it', async () => {
    const test = await build()
    const response = await postRun(test, { period: '2025-09', entities: ['EC_NG', 'EC_ZZ'] })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      error: { code: 'TIEOUT_ERR_UNKNOWN_ENTITY', message: 'entity EC_ZZ is not in the entity master' },
    })
    expect(await runCount(test)).toBe(0)
  })

  it('an entity out of consolidation scope cannot be reconciled', async () => {
    const test = await build()
    const response = await postRun(test, { period: '2025-09', entities: ['XX_OLD'] })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.code).toBe('TIEOUT_ERR_ENTITY_OUT_OF_SCOPE')
  })

  it('a files source outside the files root is refused', async () => {
    const test = await build()
    const response = await postRun(test, { period: '2025-09', entities: ['EC_NG'], source: { kind: 'files', dir: '../../etc' } })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toMatch(/^source\.dir: must be a folder inside /)
  })
})

describe('bad input elsewhere', () => {
  it('a bad query parameter names it', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/api/runs?status=done', headers: test.as('auditor') })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe('status: must be one of queued, running, succeeded, failed, cancelled')
  })

  it('an unknown query parameter is refused', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/api/runs?periode=2025-09', headers: test.as('auditor') })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe('periode: unknown field')
  })

  it('a review with an unknown status names the field', async () => {
    const test = await build()
    const response = await test.app.inject({
      method: 'PUT',
      url: '/api/runs/some-run/reviews',
      headers: test.as('reviewer'),
      payload: { reviews: [{ lineKey: 'timing|EC_NG|V-1', status: 'Done', comment: '' }] },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe('reviews[0].status: must be one of Open, Explained, Accepted, Rejected, Needs info')
  })

  it('an unknown route is a 404 in the error format', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/api/nothing', headers: test.as('auditor') })
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('TIEOUT_ERR_NOT_FOUND')
  })
})
