import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { FILESET_LIMITS, multipartLimitsOf } from '../../filesets/limits.ts'

/**
 * Uploads of extract files (CSV, TSV, XLSX) stream to disk. The only multipart route is
 * `POST /api/filesets`, so its limits (`server/filesets/limits.ts`, where the numbers are
 * explained) are the parser's ceiling for any multipart request.
 */
export const UPLOAD_LIMITS = multipartLimitsOf(FILESET_LIMITS)

export default fp(
  async function multipartPlugin(app: FastifyInstance) {
    await app.register(multipart, { limits: UPLOAD_LIMITS })
  },
  { name: 'multipart' },
)
