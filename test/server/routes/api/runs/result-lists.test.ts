import { rmSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { RunInput, StepDef, WorkflowDef } from '../../../../../server/engine/workflow.ts'
import { writeResultList } from '../../../../../server/export/result-lists.ts'
import { splitLists } from '../../../../../shared/result/lists.ts'
import type { ClassifiedItem, ListedRunResult, RunResultV1, UncategorizedRow } from '../../../../../shared/result/types.ts'
import { build, endlessWorkflow, finishedRun, startedRun, TEST_RETRY } from '../../../../helper.ts'
import { makeRunResult } from '../../../../support/result-fixture.ts'

const ITEMS = 25
const UNCATEGORIZED = 7

/** Item n; text that CSV must quote (commas, quotes, a line break) and null fields included. */
const item = (n: number): ClassifiedItem => ({
  key: `classification|EC_NG|2025-09-10|Flutterwave|Payment|EC_NG#${n}`,
  companyCode: 'EC_NG',
  eventDate: n % 5 === 0 ? null : '2025-09-10',
  cp: n % 3 === 0 ? 'Flutterwave, "Lagos"' : 'Flutterwave',
  transactionType: n % 4 === 0 ? null : 'Payment\nreversal',
  relatedEntity: 'EC_NG',
  amountLcy: `${n}00.50`,
  amountUsd: n % 2 === 0 ? null : `${n}.07`,
  rule: n % 6 === 0 ? 'UNCLASSIFIED' : 'CASH_DEPOSITS',
  ruleTitle: n % 6 === 0 ? 'Unclassified' : 'Cash deposits',
  drAccounts: n % 6 === 0 ? [] : ['100XX'],
  crAccounts: n % 6 === 0 ? [] : ['13011', '13012', '10590'],
})

const uncategorized = (n: number): UncategorizedRow => ({
  companyCode: 'EC_NG',
  entryNo: n === 0 ? null : 884_200 + n,
  documentNo: `MAN-${n}`,
  postingDate: '2025-09-12',
  description: n === 1 ? '=HYPERLINK("x"), manual fix' : null,
  userId: 'JUMIA\\A.BELLO',
  amountLcy: n === 2 ? null : `-${n}.25`,
})

function listedResult(runId: string): ListedRunResult {
  const base = makeRunResult({ runId })
  const items = Array.from({ length: ITEMS }, (_, n) => item(n))
  const rows = Array.from({ length: UNCATEGORIZED }, (_, n) => uncategorized(n))
  return {
    ...base,
    classification: { ...base.classification, items, itemCount: items.length },
    categorization: { ...base.categorization, uncategorized: rows, uncategorizedCount: rows.length },
  }
}

/**
 * A reconcile workflow whose compute step publishes a result as the real one does: result.json
 * with counts, and the long lists in the CSVs beside it (`results/` of the package). `version1`
 * writes a result.json of schema version 1 instead, the lists inline, as older packages hold.
 */
function listsWorkflow(options: { version1?: boolean } = {}): WorkflowDef {
  const compute: StepDef = {
    name: 'compute',
    dependsOn: [],
    retry: TEST_RETRY,
    run: async ({ runDir, runId }) => {
      const folder = join(runDir, 'results')
      await mkdir(folder, { recursive: true })
      const listed = listedResult(runId)
      const { result, lists } = splitLists(listed)
      const written = options.version1 ? version1(listed) : result
      writeFileSync(join(folder, 'result.json'), JSON.stringify(written))
      await writeResultList(join(folder, 'IPE_31-classified.csv'), 'classifiedItems', lists.classifiedItems)
      await writeResultList(join(folder, 'CR_03-18412-uncategorized.csv'), 'uncategorized', lists.uncategorized)
      writeFileSync(join(folder, 'workbook.xlsx'), 'PK workbook')
      return { file: 'results/result.json', summary: { resultPath: 'results/result.json', workbookPath: 'results/workbook.xlsx' } }
    },
  }
  return { name: 'reconcile', version: '1', steps: (_input: RunInput) => [compute] }
}

function version1(listed: ListedRunResult): RunResultV1 {
  const { itemCount: _count, itemsFile: _file, ...classification } = listed.classification
  const { uncategorizedCount: _n, uncategorizedFile: _f, ...categorization } = listed.categorization
  return { ...listed, schemaVersion: 1, classification, categorization }
}

const app = (options: { version1?: boolean } = {}) => build({ wiring: { workflows: [listsWorkflow(options)] } })

type Page<T> = { runId: string; total: number; offset: number; limit: number; rows: T[] }

describe('GET /api/runs/:id/classification/items', () => {
  it('pages the classified items: first, middle and last page, each with the total', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const get = async (query: string) =>
      (await test.app.inject({ url: `/api/runs/${id}/classification/items?${query}`, headers: test.as('auditor') })).json<
        Page<ClassifiedItem>
      >()
    const first = await get('offset=0&limit=10')
    const middle = await get('offset=10&limit=10')
    const last = await get('offset=20&limit=10')
    expect(first).toMatchObject({ runId: id, total: ITEMS, offset: 0, limit: 10 })
    expect(middle).toMatchObject({ total: ITEMS, offset: 10, limit: 10 })
    expect(last).toMatchObject({ total: ITEMS, offset: 20, limit: 10 })
    expect(first.rows).toEqual(Array.from({ length: 10 }, (_, n) => item(n)))
    expect(middle.rows).toEqual(Array.from({ length: 10 }, (_, n) => item(10 + n)))
    expect(last.rows).toEqual(Array.from({ length: 5 }, (_, n) => item(20 + n)))
  })

  it('gives every item, nulls, quotes, commas, line breaks and account lists as computed, with the default page', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const page = (await test.app.inject({ url: `/api/runs/${id}/classification/items`, headers: test.as('reviewer') })).json<
      Page<ClassifiedItem>
    >()
    expect(page).toMatchObject({ total: ITEMS, offset: 0, limit: 1000 })
    expect(page.rows).toEqual(listedResult(id).classification.items)
  })

  it('an offset past the end gives an empty page and the total', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/classification/items?offset=25`, headers: test.as('auditor') })
    expect(response.json()).toMatchObject({ total: ITEMS, offset: 25, rows: [] })
  })

  it.each([
    ['offset=-1', 'offset'],
    ['offset=first', 'offset'],
    ['limit=0', 'limit'],
    ['limit=10001', 'limit'],
    ['page=2', 'page'],
  ])('?%s is a 400 naming %s', async (query, name) => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/classification/items?${query}`, headers: test.as('auditor') })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toContain(`${name}:`)
  })

  it('an unknown run is a 404, a run without a result a 409', async () => {
    const test = await build({ wiring: { workflows: [endlessWorkflow()] } })
    const unknown = await test.app.inject({
      url: '/api/runs/00000000-0000-4000-8000-000000000000/classification/items',
      headers: test.as('auditor'),
    })
    expect(unknown.statusCode).toBe(404)
    const id = await startedRun(test)
    const pending = await test.app.inject({ url: `/api/runs/${id}/classification/items`, headers: test.as('auditor') })
    expect(pending.statusCode).toBe(409)
  })

  it('needs a token', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/classification/items` })
    expect(response.statusCode).toBe(401)
  })

  it('a list file removed from the package is a 404 naming it', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const run = await test.app.runs.get(id)
    rmSync(join(run.result_path ?? '', '..', 'IPE_31-classified.csv'))
    const response = await test.app.inject({ url: `/api/runs/${id}/classification/items`, headers: test.as('auditor') })
    expect(response.statusCode).toBe(404)
    expect(response.json().error.message).toBe(`results/IPE_31-classified.csv file of run ${id} not found`)
  })

  it('pages the items a version 1 result.json holds inline', async () => {
    const test = await app({ version1: true })
    const id = await finishedRun(test)
    const page = (
      await test.app.inject({ url: `/api/runs/${id}/classification/items?offset=20&limit=10`, headers: test.as('auditor') })
    ).json<Page<ClassifiedItem>>()
    expect(page).toMatchObject({ total: ITEMS, offset: 20 })
    expect(page.rows).toEqual(Array.from({ length: 5 }, (_, n) => item(20 + n)))
  })
})

describe('GET /api/runs/:id/categorization/uncategorized', () => {
  it('pages the uncategorized entries with the total', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const get = async (query: string) =>
      (await test.app.inject({ url: `/api/runs/${id}/categorization/uncategorized?${query}`, headers: test.as('preparer') })).json<
        Page<UncategorizedRow>
      >()
    const first = await get('limit=3')
    const last = await get('offset=6&limit=3')
    expect(first).toMatchObject({ runId: id, total: UNCATEGORIZED, offset: 0, limit: 3 })
    expect(first.rows).toEqual([uncategorized(0), uncategorized(1), uncategorized(2)])
    expect(last.rows).toEqual([uncategorized(6)])
  })

  it('?limit=0 is a 400 naming limit', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/categorization/uncategorized?limit=0`, headers: test.as('auditor') })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toContain('limit:')
  })
})

describe('GET /api/runs/:id/results and workbook.xlsx with the lists in the evidence CSVs', () => {
  it('result.json counts the lists and holds none of them', async () => {
    const test = await app()
    const id = await finishedRun(test)
    const result = (await test.app.inject({ url: `/api/runs/${id}/results`, headers: test.as('auditor') })).json()
    expect(result.schemaVersion).toBe(2)
    expect(result.classification).not.toHaveProperty('items')
    expect(result.categorization).not.toHaveProperty('uncategorized')
    expect(result.classification).toMatchObject({ itemCount: ITEMS, itemsFile: 'results/IPE_31-classified.csv' })
    expect(result.categorization).toMatchObject({
      uncategorizedCount: UNCATEGORIZED,
      uncategorizedFile: 'results/CR_03-18412-uncategorized.csv',
    })
  })

  it.each([false, true])('the downloaded workbook lists every item and uncategorized entry (version 1: %s)', async (v1) => {
    const test = await app({ version1: v1 })
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/workbook.xlsx`, headers: test.as('auditor') })
    expect(response.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const texts = (sheet: string) =>
      Array.from(workbook.getWorksheet(sheet)?.getSheetValues() ?? [], (row) =>
        Array.isArray(row) ? Array.from(row, (cell) => (cell === null || cell === undefined ? '' : String(cell))).join('|') : '',
      )
    const classification = texts('Classification')
    for (let n = 0; n < ITEMS; n++)
      expect(
        classification.filter((row) => row.endsWith(`|${item(n).key}`)),
        `item ${n}`,
      ).toHaveLength(1)
    const evidence = texts('Evidence')
    for (let n = 1; n < UNCATEGORIZED; n++) {
      expect(
        evidence.some((row) => row.startsWith(`|Uncategorized 18412 rows|${884_200 + n}|EC_NG|MAN-${n}|`)),
        `entry ${n}`,
      ).toBe(true)
    }
  })
})
