import type { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { BridgeLinesPage, BridgeLinesQuery } from '../../../shared/api/results.ts'
import { TieoutError } from '../../../shared/errors.ts'
import type { BridgeLine, ResultLists, RunResult } from '../../../shared/result/types.ts'
import { inlineLists, listFile, listTotal, type ResultListName } from '../../../shared/result/lists.ts'
import type { ListRow } from '../../../shared/result/list-csv.ts'
import { readResultList } from '../../export/result-lists.ts'
import type { PublishedFiles } from '../../evidence/service.ts'
import type { RunRow } from '../../state/tables.ts'
import type { ReviewLine } from './review-lines.ts'

declare module 'fastify' {
  interface FastifyInstance {
    results: ResultStore
  }
}

type ListPage<L extends ResultListName> = { readonly total: number; readonly rows: ListRow<L>[] }

type Loaded = { readonly result: RunResult; readonly lines: ReadonlyMap<string, ReviewLine> }

/** Parsed results kept in memory: the add-in pages through one run's bridge lines many times. */
const CACHED_RESULTS = 4

/**
 * A run's published `result.json` (written once by the workflow, read through `published`: the
 * evidence store by run id), with bridge-line paging and the index of reviewable lines that
 * reviews and sign-off check against.
 */
export function createResultStore(reviewLinesOf: (result: RunResult) => readonly ReviewLine[], published: PublishedFiles) {
  const cache = new Map<string, Loaded>()

  /** The published result.json, for streaming as is; 404 when it is gone, 409 before the run has one. */
  async function open(run: RunRow): Promise<Readable> {
    if (run.result_path === null) {
      throw new TieoutError('TIEOUT_ERR_CONFLICT', { detail: `run ${run.id} has no result (status ${run.status})` })
    }
    return published.result(run)
  }

  async function load(run: RunRow): Promise<Loaded> {
    const cached = cache.get(run.id)
    if (cached) return cached
    const chunks: Buffer[] = []
    for await (const chunk of await open(run)) chunks.push(chunk as Buffer)
    const result = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RunResult
    const loaded = { result, lines: new Map(reviewLinesOf(result).map((line) => [line.key, line])) }
    cache.set(run.id, loaded)
    if (cache.size > CACHED_RESULTS) cache.delete(cache.keys().next().value as string)
    return loaded
  }

  async function bridgeLines(run: RunRow, query: BridgeLinesQuery): Promise<BridgeLinesPage> {
    const { result } = await load(run)
    const offset = query.offset ?? 0
    const limit = query.limit ?? 1_000
    const lines: BridgeLine[] = []
    let total = 0
    for (const bridge of result.bridges) {
      if (query.bridge !== undefined && bridge.bridge !== query.bridge) continue
      if (query.entity !== undefined && bridge.companyCode !== query.entity) continue
      for (const line of bridge.lines) {
        if (total >= offset && lines.length < limit) lines.push(line)
        total += 1
      }
    }
    return { runId: run.id, total, offset, limit, lines }
  }

  /** The result with only bridge lines [offset, offset + limit) across bridges, in result order. */
  async function page(run: RunRow, offset: number, limit: number): Promise<RunResult & { bridgeLines: object }> {
    const { result } = await load(run)
    let position = 0
    const bridges = result.bridges.map((bridge) => {
      const from = Math.max(0, offset - position)
      const to = Math.max(0, offset + limit - position)
      position += bridge.lines.length
      return { ...bridge, lines: bridge.lines.slice(from, to) }
    })
    return { ...result, bridges, bridgeLines: { total: position, offset, limit } }
  }

  async function reviewLines(run: RunRow): Promise<ReadonlyMap<string, ReviewLine>> {
    return (await load(run)).lines
  }

  /** Rows [offset, offset + limit) of one long list and its total: from the evidence CSV, or inline in a version 1 result. */
  async function listPage<L extends ResultListName>(run: RunRow, list: L, offset: number, limit: number): Promise<ListPage<L>> {
    const { result } = await load(run)
    const total = listTotal(result, list)
    if (result.schemaVersion === 1) return { total, rows: inlineLists(result)[list].slice(offset, offset + limit) as ListRow<L>[] }
    if (offset >= total) return { total, rows: [] }
    const file = listFile(list)
    return { total, rows: await readResultList(await published.resultFile(run, file), list, file, { offset, limit }) }
  }

  /** Both long lists in full, for the workbook. */
  async function lists(run: RunRow): Promise<ResultLists> {
    const { result } = await load(run)
    if (result.schemaVersion === 1) return inlineLists(result)
    const all = async <L extends ResultListName>(list: L) =>
      readResultList(await published.resultFile(run, listFile(list)), list, listFile(list))
    return { classifiedItems: await all('classifiedItems'), uncategorized: await all('uncategorized') }
  }

  return { open, load, bridgeLines, page, reviewLines, listPage, lists }
}

export type ResultStore = ReturnType<typeof createResultStore>

export default fp(
  async function resultsPlugin(app: FastifyInstance) {
    app.decorate('results', createResultStore(app.reviewLines, app.published))
  },
  { name: 'results', dependencies: ['services'] },
)
