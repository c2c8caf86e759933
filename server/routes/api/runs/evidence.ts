import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { VerifyResponseSchema } from '../../../../shared/api/results.ts'
import { BinaryResponseSchema, errorResponses, RunIdParamsSchema } from '../../../schemas/common.ts'
import { ANY_ROLE } from '../../../plugins/app/auth/access.ts'

/** The run's evidence package (methodology §10): download as one zip, or verify on the server. */
const evidenceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:id/evidence.zip',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['evidence'],
        summary: 'The evidence package as one zip, verifiable offline with `tieout verify`',
        params: RunIdParamsSchema,
        response: { 200: BinaryResponseSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const run = await app.runs.get(request.params.id)
      const zip = await app.evidence.zipStream(run.id)
      reply.type('application/zip').header('content-disposition', `attachment; filename="tieout-evidence-${run.period}-${run.id}.zip"`)
      return reply.send(zip)
    },
  )

  app.post(
    '/:id/evidence/verify',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['evidence'],
        summary:
          'Recompute every hash, check signatures and seal, compare with the journal; name what changed, went missing, was added or cut',
        params: RunIdParamsSchema,
        response: { 200: VerifyResponseSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const run = await app.runs.get(request.params.id)
      const journaled = {
        runId: run.id,
        manifestSha256: run.manifest_sha256,
        appendixHead: run.appendix_head,
        appendixCount: run.appendix_count,
        keyFingerprint: run.signing_key_fingerprint,
      }
      return { runId: run.id, ...(await app.evidence.verify(journaled)) }
    },
  )
}

export default evidenceRoutes
