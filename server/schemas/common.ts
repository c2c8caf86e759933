import type { Readable } from 'node:stream'
import { Type } from 'typebox'
import { ErrorBodySchema, RunIdSchema } from '../../shared/api/common.ts'

/** Route-only schemas (params, headers, error responses); bodies and results live in shared/api. */
export const RunIdParamsSchema = Type.Object({ id: RunIdSchema }, { additionalProperties: false })

export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
})

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503

/** The error body for each status a route may answer with, so OpenAPI documents them too. */
export function errorResponses(...statuses: ErrorStatus[]): Record<ErrorStatus, typeof ErrorBodySchema> {
  const all: ErrorStatus[] = [401, 403, 500, ...statuses]
  return Object.fromEntries(all.map((status) => [status, ErrorBodySchema])) as Record<ErrorStatus, typeof ErrorBodySchema>
}

/** A streamed file (zip, xlsx): documented as binary, sent as a stream without serialization. */
export const BinaryResponseSchema = Type.Unsafe<Readable>({ type: 'string', format: 'binary' })

/** JSON sent pre-serialized (a file as is, or a Buffer), documented as an open object. */
export function rawJsonSchema(description: string) {
  return Type.Unsafe<Readable | Buffer>({ type: 'object', additionalProperties: true, description })
}
