import { LIST_PAGE_MAX } from '../../shared/api/results.ts'
import { withLists } from '../../shared/result/lists.ts'
import type { ListedRunResult, RunResult } from '../../shared/result/types.ts'
import type { TieoutApi } from './tieout-api.ts'

type Page<T> = { readonly total: number; readonly rows: readonly T[] }

/** Every row of a paged list, page after page until the total is reached. */
async function allRows<T>(fetchPage: (offset: number, limit: number) => Promise<Page<T>>): Promise<T[]> {
  const rows: T[] = []
  for (;;) {
    const page = await fetchPage(rows.length, LIST_PAGE_MAX)
    rows.push(...page.rows)
    if (rows.length >= page.total || page.rows.length === 0) return rows
  }
}

/**
 * The result with its long lists (classified items, uncategorized entries), fetched by page: the
 * sheets show every row, result.json only counts them.
 */
export async function listedResult(api: TieoutApi, runId: string, result: RunResult): Promise<ListedRunResult> {
  if (result.schemaVersion === 1) return withLists(result, { classifiedItems: [], uncategorized: [] })
  const [classifiedItems, uncategorized] = await Promise.all([
    allRows((offset, limit) => api.classifiedItems(runId, { offset, limit })),
    allRows((offset, limit) => api.uncategorized(runId, { offset, limit })),
  ])
  return withLists(result, { classifiedItems, uncategorized })
}
