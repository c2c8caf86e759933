import { readFile, rm } from 'node:fs/promises'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import type { FilesetReport } from '../../../shared/api/filesets.ts'
import type { RunDetail } from '../../../shared/api/runs.ts'
import { parsePeriod } from '../../../shared/period.ts'
import type { RunResult } from '../../../shared/result/types.ts'
import { writeDemoData } from '../../../server/demo/index.ts'
import { createReconcileSetup, type ReconcileSetup } from '../../../server/wiring/runtime.ts'
import { createAppServices } from '../../../server/wiring/services.ts'
import { createDemoSource } from '../../../server/sources/demo.ts'
import type { TestApp } from '../../helper.ts'
import { buildWithFilesets, upload } from '../filesets/app.ts'
import { filesBody } from '../filesets/multipart.ts'

const PERIOD = '2025-09'
const ENTITY = 'EC_NG'
const SCALE = 0.005

/**
 * The real reconcile workflow on the server's engine: demo extracts written as CSV files,
 * uploaded as a fileset, reconciled from it, and compared with a run from the demo source.
 */
describe('a run from an uploaded fileset (real reconcile workflow)', () => {
  let work: string
  let files: Record<string, Buffer>

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tieout-fileset-run-'))
    const written = await writeDemoData({ period: parsePeriod(PERIOD), companies: [ENTITY], scale: SCALE, out: join(work, 'extracts') })
    files = {}
    for (const file of written.files) if (file.extract !== 'ground-truth') files[`${file.extract}.csv`] = await readFile(file.path)
  })
  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
  })

  async function realApp(): Promise<TestApp> {
    const dataDir = join(work, `data-${Math.random().toString(36).slice(2)}`)
    const setup: ReconcileSetup = await createReconcileSetup({ dataDir })
    onTestFinished(() => setup.close())
    const services = createAppServices(setup, { masterSource: () => createDemoSource({ scale: 1 }) })
    const test = await buildWithFilesets({ dataDir, wiring: { services, workflows: [setup.workflow] } })
    test.app.engine.onEvent((event) => {
      if (event.type === 'run-finished') setup.runFinished(event.runId)
    })
    return test
  }

  async function run(test: TestApp, source: object): Promise<{ detail: RunDetail; result: RunResult }> {
    const body = { period: PERIOD, entities: [ENTITY], source }
    const started = await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: body })
    expect(started.statusCode, started.body).toBe(202)
    const { id } = started.json<{ id: string }>()
    await test.app.engine.settled(id)
    const detail = (await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') })).json<RunDetail>()
    const result = (await test.app.inject({ url: `/api/runs/${id}/results`, headers: test.as('auditor') })).json<RunResult>()
    return { detail, result }
  }

  it('uploads every extract (201, rows per file), runs from the fileset and concludes as the demo source does', async () => {
    const test = await realApp()
    const uploaded = await upload(test, filesBody(files))
    expect(uploaded.statusCode, uploaded.body).toBe(201)
    const report = uploaded.json<FilesetReport>()
    expect(report.files).toHaveLength(13)
    expect(report.files.every((file) => file.passed && file.rows >= 0)).toBe(true)
    expect(report.files.find((file) => file.extract === 'CR_03')?.rows).toBeGreaterThan(0)

    const fromFileset = await run(test, { kind: 'fileset', filesetId: report.id })
    expect(fromFileset.detail.status, JSON.stringify(fromFileset.detail.error)).toBe('succeeded')
    expect(fromFileset.detail.input.source).toEqual({ kind: 'fileset', filesetId: report.id })

    const fromDemo = await run(test, { kind: 'demo', scale: SCALE })
    expect(fromDemo.detail.status).toBe('succeeded')
    expect(fromFileset.result.conclusions.map((conclusion) => conclusion.companyCode)).toEqual([ENTITY])
    expect(fromFileset.result.conclusions).toEqual(fromDemo.result.conclusions)
    expect(fromFileset.result.tieOut).toEqual(fromDemo.result.tieOut)
  })

  it('text an .xlsx cannot hold (U+FFFF, U+FFFE) is replaced in the workbook, which stays well-formed, and noted in the quality reports', async () => {
    const test = await realApp()
    const entities = files['ENTITIES.csv']!.toString('utf8').replace('Jumia Nigeria', 'Jumia\uFFFF Nigeria\uFFFE')
    const uploaded = await upload(test, filesBody({ ...files, 'ENTITIES.csv': Buffer.from(entities, 'utf8') }))
    expect(uploaded.statusCode, uploaded.body).toBe(201)
    const { detail, result } = await run(test, { kind: 'fileset', filesetId: uploaded.json<FilesetReport>().id })
    expect(detail.status, JSON.stringify(detail.error)).toBe('succeeded')
    expect(result.entities[0]?.name).toBe('Jumia\uFFFF Nigeria\uFFFE')
    const notes = result.quality.find((report) => report.extract === 'ENTITIES')?.issues ?? []
    expect(notes).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(
          /^1 text value holds characters an \.xlsx cannot store .* at entities\[0\]\.name; the workbook shows U\+FFFD/,
        ),
      }),
    )

    const download = await test.app.inject({ url: `/api/runs/${detail.id}/workbook.xlsx`, headers: test.as('auditor') })
    expect(download.statusCode).toBe(200)
    // exceljs parses every part with a strict XML parser: a character XML cannot hold fails the load.
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer)
    const texts: string[] = []
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value)))))
    expect(texts.some((text) => text.includes('Jumia\uFFFD Nigeria\uFFFD'))).toBe(true)
    expect(texts.some((text) => /[\uFFFE\uFFFF]/.test(text))).toBe(false)
  })

  it('a run from a folder under the files root names no server path in its detail, results or events', async () => {
    const test = await realApp()
    const folder = join(test.dataDir, 'files', 'september')
    mkdirSync(folder, { recursive: true })
    for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content)
    const { detail } = await run(test, { kind: 'files', dir: 'september' })
    expect(detail.status, JSON.stringify(detail.error)).toBe('succeeded')
    expect(detail.input.source).toEqual({ kind: 'files', dir: 'september' })
    for (const url of [`/api/runs/${detail.id}`, `/api/runs/${detail.id}/results`, `/api/runs/${detail.id}/events`, '/api/runs']) {
      const response = await test.app.inject({ url, headers: test.as('auditor') })
      const at = response.body.indexOf(test.dataDir)
      expect(at < 0 ? '' : response.body.slice(Math.max(0, at - 200), at + 120), url).toBe('')
    }
  })
})
