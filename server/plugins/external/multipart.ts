import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Uploads of extract files (CSV, TSV, XLSX) stream to disk; limits keep a request bounded. */
export const UPLOAD_LIMITS = { fileSize: 2 * 1024 * 1024 * 1024, files: 32, fields: 16, fieldSize: 64 * 1024 }

export default fp(
  async function multipartPlugin(app: FastifyInstance) {
    await app.register(multipart, { limits: UPLOAD_LIMITS })
  },
  { name: 'multipart' },
)
