import { rmSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { RunInput } from '../../../../../server/engine/workflow.ts'
import { DECIMAL_PATTERN, RunResultSchema } from '../../../../../shared/api/result-schema.ts'
import { bridgeLine, build, endlessWorkflow, finishedRun, reconcileWorkflow, startedRun } from '../../../../helper.ts'

const fiveLines = (input: RunInput) =>
  [1, 2, 3, 4, 5].map((n) =>
    bridgeLine({ key: `timing|${input.entities[0]}|V-${n}`, businessKey: `V-${n}`, companyCode: input.entities[0] ?? '' }),
  )

const app = () => build({ wiring: { workflows: [reconcileWorkflow(fiveLines)] } })

describe('GET /api/runs/:id/results', () => {
  it("serves the run's result.json as the workflow wrote it", async () => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/results`, headers: test.as('auditor') })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.json()).toMatchObject({ runId: id, period: { period: '2025-09' }, bridges: [{ lines: expect.any(Array) }] })
  })

  it('pages the bridge lines with bridgeOffset and bridgeLimit', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/results?bridgeOffset=1&bridgeLimit=2`, headers: test.as('auditor') })
    const result = response.json()
    expect(result.bridges[0].lines.map((l: { businessKey: string }) => l.businessKey)).toEqual(['V-2', 'V-3'])
    expect(result.bridgeLines).toEqual({ total: 5, offset: 1, limit: 2 })
  })

  it('is documented in the OpenAPI document by the schema of result.json, paged or not', async () => {
    const test = await app()
    const doc = (await test.app.inject({ url: '/api/openapi.json' })).json()
    const schema = doc.paths['/api/runs/{id}/results'].get.responses['200'].content['application/json'].schema
    const [whole, paged] = schema.anyOf
    expect(Object.keys(whole.properties)).toEqual(Object.keys(RunResultSchema.properties))
    expect(whole.properties.tieOut.items.properties.actualsLcy.pattern).toBe(DECIMAL_PATTERN)
    expect(Object.keys(paged.properties)).toEqual([...Object.keys(RunResultSchema.properties), 'bridgeLines'])
  })

  it('a run without a result yet is a 409', async () => {
    const test = await build({ wiring: { workflows: [endlessWorkflow()] } })
    const id = await startedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/results`, headers: test.as('auditor') })
    expect(response.statusCode).toBe(409)
    expect(response.json().error.message).toMatch(/has no result \(status (queued|running)\)/)
  })
})

describe('GET /api/runs/:id/bridge-lines', () => {
  it('returns one page of lines with the total', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const page = (await test.app.inject({ url: `/api/runs/${id}/bridge-lines?offset=3&limit=10`, headers: test.as('auditor') })).json()
    expect(page).toMatchObject({ runId: id, total: 5, offset: 3, limit: 10 })
    expect(page.lines.map((l: { key: string }) => l.key)).toEqual(['timing|EC_NG|V-4', 'timing|EC_NG|V-5'])
  })

  it('filters by bridge and entity', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const vtc = (await test.app.inject({ url: `/api/runs/${id}/bridge-lines?bridge=vtc`, headers: test.as('auditor') })).json()
    const kenya = (await test.app.inject({ url: `/api/runs/${id}/bridge-lines?entity=EC_KE`, headers: test.as('auditor') })).json()
    expect([vtc.total, kenya.total]).toEqual([0, 0])
  })
})

describe('downloads', () => {
  it('GET workbook.xlsx streams the workbook with the latest reviews as an attachment', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const review = { lineKey: 'timing|EC_NG|V-2', status: 'Explained', comment: 'usage delivered on 1 October' }
    await test.app.inject({ method: 'PUT', url: `/api/runs/${id}/reviews`, headers: test.as('reviewer'), payload: { reviews: [review] } })
    const response = await test.app.inject({ url: `/api/runs/${id}/workbook.xlsx`, headers: test.as('auditor') })
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="tieout-2025-09-${id}.xlsx"`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const values = workbook.getWorksheet('Bridges')?.getSheetValues() ?? []
    const rows = Array.from(values, (row) => (Array.isArray(row) ? Array.from(row, (cell) => String(cell ?? '')).join('|') : ''))
    expect(rows.find((row) => row.includes('V-2'))).toMatch(/Explained\|usage delivered on 1 October/)
  })

  it('GET evidence.zip streams the package from the evidence service', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/evidence.zip`, headers: test.as('auditor') })
    expect(response.headers['content-type']).toBe('application/zip')
    expect(response.body).toBe(`PK zip of ${id}`)
  })

  it('POST evidence/verify reports what the evidence service found', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await test.app.inject({ method: 'POST', url: `/api/runs/${id}/evidence/verify`, headers: test.as('auditor') })
    expect(response.json()).toEqual({
      runId: id,
      ok: true,
      manifestHash: 'f'.repeat(64),
      appendixHead: null,
      appendixCount: 0,
      keyFingerprint: null,
      findings: [],
    })
  })
})

describe('published files that went missing', () => {
  it('a result file removed from disk is a 404 naming it', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const run = await test.app.runs.get(id)
    rmSync(run.result_path ?? '')
    const response = await test.app.inject({ url: `/api/runs/${id}/results`, headers: test.as('auditor') })
    expect(response.statusCode).toBe(404)
    expect(response.json().error.message).toBe(`result file of run ${id} not found`)
  })
})
