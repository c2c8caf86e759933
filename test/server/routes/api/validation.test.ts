import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TieoutError } from '../../../../shared/errors.ts'
import type { WorkflowDef } from '../../../../server/engine/workflow.ts'
import { build, finishedRun, TEST_RETRY, type TestApp } from '../../../helper.ts'

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
    ['1899-12', 'period "1899-12" is not of the form YYYY-MM with a month from 01 to 12, from 2000-01 to 2099-12'],
    ['9999-12', 'period "9999-12" is not of the form YYYY-MM with a month from 01 to 12, from 2000-01 to 2099-12'],
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

  it.each([
    ['../../etc', 'source.dir: "../../etc" is outside the files root (TIEOUT_FILES_ROOT): give a folder relative to it'],
    ['/etc', 'source.dir: "/etc" is outside the files root (TIEOUT_FILES_ROOT): give a folder relative to it'],
    ['missing', 'source.dir: folder "missing" not found in the files root'],
    ['a-file.csv', 'source.dir: "a-file.csv" is a file, not a folder'],
    ['extracts\u0000x', 'source.dir: must not contain a NUL character'],
    ['escape', 'source.dir: "escape" leads outside the files root (a symbolic link)'],
  ])('a files source %j is refused before anything is journaled: %s', async (dir, message) => {
    const test = await build()
    const root = join(test.dataDir, 'files')
    mkdirSync(join(root, 'extracts'), { recursive: true })
    writeFileSync(join(root, 'a-file.csv'), 'x\n')
    symlinkSync(tmpdir(), join(root, 'escape'))
    const response = await postRun(test, { period: '2025-09', entities: ['EC_NG'], source: { kind: 'files', dir } })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe(message)
    expect(response.body).not.toContain(test.dataDir)
    expect(await runCount(test)).toBe(0)
  })

  it('SQL Server as the source of a server without SQL Server configured is a 409, nothing journaled', async () => {
    const test = await build()
    const response = await postRun(test, { period: '2025-09', entities: ['EC_NG'], source: { kind: 'mssql' } })
    expect(response.statusCode).toBe(409)
    expect(response.json().error.message).toBe(
      'source: SQL Server is not configured on this server (TIEOUT_MSSQL_SERVER and the other TIEOUT_MSSQL_* variables)',
    )
    expect(await runCount(test)).toBe(0)
  })

  it('an unknown entity is a 400 before anything is journaled', async () => {
    const test = await build()
    const response = await postRun(test, { period: '2025-09', entities: ['EC_XX'] })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe('entity EC_XX is not in the entity master')
    expect(await runCount(test)).toBe(0)
  })
})

describe('no server path in any answer', () => {
  it('step output files and a files-source error are shown relative to the data directory and the files root', async () => {
    let filesRoot = ''
    const workflow: WorkflowDef = {
      name: 'reconcile',
      version: '1',
      steps: () => [
        {
          name: 'extract:CR_04',
          dependsOn: [],
          retry: TEST_RETRY,
          run: async ({ runDir }) => {
            writeFileSync(join(runDir, 'CR_04.csv'), 'a\n')
            return { file: join(runDir, 'CR_04.csv') }
          },
        },
        {
          name: 'extract:CR_05',
          dependsOn: ['extract:CR_04'],
          retry: TEST_RETRY,
          run: async () => {
            throw new TieoutError('TIEOUT_ERR_DATA_QUALITY', { detail: `CR_05: ${join(filesRoot, 'sept', 'CR_05.csv')} row 3: bad amount` })
          },
        },
      ],
    }
    const test = await build({ wiring: { workflows: [workflow] } })
    filesRoot = join(test.dataDir, 'files')
    const id = await finishedRun(test)
    const detail = await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') })
    const list = await test.app.inject({ url: '/api/runs', headers: test.as('auditor') })
    const events = await test.app.inject({ url: `/api/runs/${id}/events`, headers: test.as('auditor') })
    const run = detail.json()
    expect(run.steps[0].outputFile).toBe(`runs/${id}/CR_04.csv`)
    expect(run.error.message).toBe('CR_05: sept/CR_05.csv row 3: bad amount')
    for (const response of [detail, list, events]) expect(response.body).not.toContain(test.dataDir)
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
