import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../shared/api/common.ts'
import { FilesetParamsSchema, FilesetRecordSchema, FilesetReportSchema } from '../../../../shared/api/filesets.ts'
import { FILESET_LIMITS, multipartLimitsOf, type FilesetLimits } from '../../../filesets/limits.ts'
import { notMultipart } from '../../../filesets/refusals.ts'
import { sweepPartials } from '../../../filesets/store.ts'
import { uploadFileset } from '../../../filesets/upload.ts'
import { errorResponses } from '../../../schemas/common.ts'
import { principalOf } from '../../request-principal.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'

/** An upload still `.partial` after this long was cut off by a crash or restart. */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000

const UPLOAD_DESCRIPTION =
  `multipart/form-data, one part per file, each named "files" with its file name: <EXTRACT_ID>.csv, .tsv or .xlsx, ` +
  `or JDASH_<companyCode>.<ext>. At most ${FILESET_LIMITS.maxFiles} files, ${FILESET_LIMITS.maxFileBytes} bytes per file, ` +
  `${FILESET_LIMITS.maxTotalBytes} bytes in all. 201: every file passed the quality checks; the id is a run source ` +
  `({ kind: "fileset", filesetId }). 422: some file failed; every problem is listed and the upload is deleted.`

export type FilesetsRoutesOptions = {
  /** Default `FILESET_LIMITS`; tests mount the routes with small ones. */
  readonly limits?: FilesetLimits
}

/** `/api/filesets`: upload extract files as a run source, and read an upload's record. */
const filesetsRoutes: FastifyPluginAsyncTypebox<FilesetsRoutesOptions> = async (app, options) => {
  const limits = options.limits ?? FILESET_LIMITS
  const filesets = app.filesets
  const root = filesets.root
  app.addHook('onReady', async () => {
    await sweepPartials(root, STALE_UPLOAD_MS, new Date())
  })

  app.post(
    '',
    {
      config: { roles: ['preparer'] },
      schema: {
        tags: ['filesets'],
        summary: 'Upload extract files (CSV, TSV, XLSX) and check each against its extract schema',
        description: UPLOAD_DESCRIPTION,
        consumes: ['multipart/form-data'],
        response: {
          201: FilesetReportSchema,
          ...errorResponses(400, 413, 415),
          422: Type.Union([FilesetReportSchema, ErrorBodySchema]),
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw notMultipart()
      const parts = request.parts({ limits: multipartLimitsOf(limits), preservePath: true })
      const createdBy = principalOf(request).id
      const companies = async () => new Set((await app.entities.list()).map((entity) => entity.companyCode))
      const report = await closingOnFailure(reply, () =>
        uploadFileset({ parts, root, createdBy, now: () => new Date(), limits, companies, signal: clientGone(reply), seal: filesets.seal }),
      )
      if (!report.passed) return reply.code(422).send(report)
      return reply.code(201).header('location', `/api/filesets/${report.id}`).send(report)
    },
  )

  app.get(
    '/:id',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['filesets'],
        summary: 'An uploaded fileset: its files with size, SHA-256, rows and quality findings, who uploaded it and when',
        params: FilesetParamsSchema,
        response: { 200: FilesetRecordSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => filesets.read(request.params.id),
  )
}

/** Aborted when the client disconnects before the answer: the checks stop reading. */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController()
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the client closed the connection'))
  })
  return controller.signal
}

/** A refused upload may leave most of its body unread: close the connection rather than read it. */
async function closingOnFailure<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    reply.header('connection', 'close')
    throw error
  }
}

export default filesetsRoutes
