import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { type TSchema, Type } from 'typebox'
import type { ListedRunResult } from '../../../../shared/result/types.ts'
import { withLists, type ResultListName } from '../../../../shared/result/lists.ts'
import { buildWorkbook } from '../../../../shared/sheets/build.ts'
import { workbookInputs, type WorkbookInputs } from '../../../export/workbook-inputs.ts'
import { writeWorkbookXlsx } from '../../../export/xlsx.ts'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  BridgeLinesPageSchema,
  BridgeLinesQuerySchema,
  ClassifiedItemsPageSchema,
  ListPageQuerySchema,
  ResultsQuerySchema,
  ResultsResponseSchema,
  UncategorizedPageSchema,
} from '../../../../shared/api/results.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import { BinaryResponseSchema, errorResponses, RunIdParamsSchema } from '../../../schemas/common.ts'
import { pathHider, pathHidingStream } from '../../relative-paths.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Documented as result.json's schema; sent pre-serialized (the file as is, or a Buffer). */
const RunResultResponseSchema = Type.Unsafe<Readable | Buffer>(ResultsResponseSchema)

/** A run's published outputs: result.json (bridge lines pageable), its long lists by page, and the workbook. */
const resultsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const roots = [app.config.filesRoot, app.config.dataDir]
  const hide = pathHider(roots)
  app.get(
    '/:id/results',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['results'],
        summary: "The run's result.json; bridgeOffset/bridgeLimit page the bridge lines across bridges",
        params: RunIdParamsSchema,
        querystring: ResultsQuerySchema,
        response: { 200: RunResultResponseSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const run = await app.runs.get(request.params.id)
      const { bridgeOffset, bridgeLimit } = request.query
      reply.type('application/json; charset=utf-8')
      if (bridgeOffset === undefined && bridgeLimit === undefined) {
        return reply.send((await app.results.open(run)).pipe(pathHidingStream(roots)))
      }
      const page = await app.results.page(run, bridgeOffset ?? 0, bridgeLimit ?? 1_000)
      // Already JSON: a Buffer is sent as is, without a second serialization.
      return reply.send(Buffer.from(JSON.stringify(page)))
    },
  )

  app.get(
    '/:id/bridge-lines',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['results'],
        summary: 'Bridge lines of the run, paged, optionally of one bridge or entity',
        params: RunIdParamsSchema,
        querystring: BridgeLinesQuerySchema,
        response: { 200: BridgeLinesPageSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => app.results.bridgeLines(await app.runs.get(request.params.id), request.query),
  )

  const listRoute = (url: string, list: ResultListName, schema: TSchema, summary: string) =>
    app.get(
      url,
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['results'],
          summary,
          params: RunIdParamsSchema,
          querystring: ListPageQuerySchema,
          response: { 200: schema, ...errorResponses(400, 404, 409) },
        },
      },
      async (request) => {
        const { offset = 0, limit = 1_000 } = request.query
        const page = await app.results.listPage(await app.runs.get(request.params.id), list, offset, limit)
        return { runId: request.params.id, total: page.total, offset, limit, rows: page.rows }
      },
    )
  listRoute('/:id/classification/items', 'classifiedItems', ClassifiedItemsPageSchema, 'Classified IPE_31 items of the run, paged')
  listRoute('/:id/categorization/uncategorized', 'uncategorized', UncategorizedPageSchema, 'Uncategorized 18412 entries of the run, paged')

  app.get(
    '/:id/workbook.xlsx',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['results'],
        summary: 'The result workbook',
        params: RunIdParamsSchema,
        response: { 200: BinaryResponseSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const run = await app.runs.get(request.params.id)
      if (run.workbook_path === null) {
        throw new TieoutError('TIEOUT_ERR_CONFLICT', { detail: `run ${run.id} has no workbook (status ${run.status})` })
      }
      // The workbook as of now: the run's result with the latest review of every line (methodology §8).
      const { reviews } = await app.reviews.list(run.id, false)
      const { result } = await app.results.load(run)
      const listed = withLists({ ...result, source: hide(result.source) }, await app.results.lists(run))
      const earlier = async (id: string) => (await app.results.load(await app.runs.get(id))).result
      const inputs = await workbookInputs(await app.runs.detail(run.id), reviews, earlier, new Date())
      const file = await workbookWithReviews(listed, inputs, join(app.config.dataDir, 'tmp'))
      reply.type(XLSX).header('content-disposition', `attachment; filename="tieout-${run.period}-${run.id}.xlsx"`)
      const stream = createReadStream(file)
      stream.on('close', () => void rm(file, { force: true }))
      return reply.send(stream)
    },
  )
}

export default resultsRoutes

/** Renders the workbook to a temporary file in `folder` (the sealed copy stays as it is in the evidence). */
async function workbookWithReviews(result: ListedRunResult, inputs: WorkbookInputs, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true })
  const file = join(folder, `workbook-${randomUUID()}.xlsx.tmp`)
  await writeWorkbookXlsx(buildWorkbook(result, inputs.reviews, inputs.evidence, inputs.status), file)
  return file
}
