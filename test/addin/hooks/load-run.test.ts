import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ListPageQuery } from '../../../shared/api/results.ts'
import { LIST_PAGE_MAX } from '../../../shared/api/results.ts'
import { splitLists } from '../../../shared/result/lists.ts'
import type { ClassifiedItem, ListedRunResult, UncategorizedRow } from '../../../shared/result/types.ts'
import type { TieoutApi } from '../../../addin/api/tieout-api.ts'
import { reloadWorkbookRun, renderRun } from '../../../addin/hooks/load-run.ts'
import { makeRunResult } from '../../support/result-fixture.ts'
import { installFakeExcel } from '../excel/fake-host.ts'
import { makeRunDetail } from './run-detail.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

const RUN = 'run-2025-09-0001'
const ITEMS = LIST_PAGE_MAX + 3

function bigResult(): ListedRunResult {
  const base = makeRunResult({ runId: RUN })
  const template = base.classification.items[0] as ClassifiedItem
  const items = Array.from({ length: ITEMS }, (_, n) => ({ ...template, key: `classification|EC_NG|item ${n}` }))
  const uncategorized: UncategorizedRow[] = [...base.categorization.uncategorized]
  return {
    ...base,
    classification: { ...base.classification, items, itemCount: items.length },
    categorization: { ...base.categorization, uncategorized, uncategorizedCount: uncategorized.length },
  }
}

/** A server answering with result.json (counts only) and the long lists by page, recording the pages asked for. */
function listServer(listed: ListedRunResult) {
  const { result, lists } = splitLists(listed)
  const asked: string[] = []
  const page = <T>(name: string, rows: readonly T[], query: ListPageQuery) => {
    const offset = query.offset ?? 0
    const limit = query.limit ?? 1_000
    asked.push(`${name} ${offset}+${limit}`)
    return { runId: RUN, total: rows.length, offset, limit, rows: rows.slice(offset, offset + limit) }
  }
  const api = {
    baseUrl: 'https://localhost:8750',
    results: async () => result,
    reviews: async () => ({ runId: RUN, reviews: [], history: [] }),
    run: async () => makeRunDetail({ id: RUN }),
    classifiedItems: async (_id: string, query: ListPageQuery) => page('items', lists.classifiedItems, query),
    uncategorized: async (_id: string, query: ListPageQuery) => page('uncategorized', lists.uncategorized, query),
  }
  return { api: api as unknown as TieoutApi, asked }
}

/** The item keys the Classification sheet shows, top to bottom. */
function itemKeysShown(fake: ReturnType<typeof installFakeExcel>): string[] {
  const sheet = fake.state.sheet('Classification')
  if (!sheet) throw new Error('no Classification sheet')
  const keys: string[] = []
  for (let row = 0; row < sheet.rowCount; row++) {
    for (let column = 0; column < 16; column++) {
      const value = sheet.valueAt(row, column)
      if (typeof value === 'string' && value.startsWith('classification|')) keys.push(value)
    }
  }
  return keys
}

describe('renderRun', () => {
  it('fetches every page of the classified items and uncategorized entries and writes every item to the Classification sheet', async () => {
    const fake = installFakeExcel()
    const listed = bigResult()
    const { api, asked } = listServer(listed)
    const loaded = await renderRun(api, RUN, () => undefined)
    expect(asked).toEqual([`items 0+${LIST_PAGE_MAX}`, `uncategorized 0+${LIST_PAGE_MAX}`, `items ${LIST_PAGE_MAX}+${LIST_PAGE_MAX}`])
    expect(loaded.result.classification.items).toEqual(listed.classification.items)
    expect(loaded.result.categorization.uncategorized).toEqual(listed.categorization.uncategorized)
    expect(itemKeysShown(fake)).toEqual(listed.classification.items.map((item) => item.key))
  })

  it('a reopened pane rebuilds the same sheets, lists included', async () => {
    installFakeExcel()
    const listed = bigResult()
    const { api } = listServer(listed)
    const written = await renderRun(api, RUN, () => undefined)
    const reloaded = await reloadWorkbookRun(api)
    expect(reloaded?.model).toEqual(written.model)
  })
})
