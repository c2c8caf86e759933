import type { FastifyInstance } from 'fastify'
import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import fp from 'fastify-plugin'
import { type ErrorBody, PATTERN_HINTS } from '../../../shared/api/common.ts'
import { type ErrorCode, isTieoutError } from '../../../shared/errors.ts'
import { OpenItemsError } from './reviews.ts'

type HttpFailure = { readonly status: number; readonly body: ErrorBody }

/**
 * The one error policy: a `TieoutError` answers with its registry status and message; a schema
 * violation is a 400 naming the field; a body Fastify cannot read is a 4xx saying why; anything
 * else is a 500 with a generic message (the details go to the log only).
 */
export function httpFailure(error: unknown): HttpFailure {
  if (error instanceof OpenItemsError) {
    return failure(409, error.code, error.message, { openItems: [...error.openItems], items: [...error.items] })
  }
  if (isTieoutError(error)) return failure(error.status, error.code, error.message)
  const fastify = error as {
    code?: string
    statusCode?: number
    validation?: FastifySchemaValidationError[]
    validationContext?: string
    message?: string
  }
  if (fastify.validation) return failure(400, 'TIEOUT_ERR_BAD_INPUT', describeValidation(fastify.validation, fastify.validationContext))
  const body = bodyProblem(fastify.code)
  if (body) return failure(body.status, BODY_PROBLEM_CODES[body.status] ?? 'TIEOUT_ERR_BAD_INPUT', body.message)
  const status = fastify.statusCode ?? 500
  if (status >= 400 && status < 500) return failure(status, 'TIEOUT_ERR_BAD_INPUT', fastify.message ?? 'bad request')
  return failure(500, 'TIEOUT_ERR_INTERNAL', 'internal error; the server log has the details')
}

function failure(
  status: number,
  code: ErrorCode,
  message: string,
  extra: Pick<ErrorBody['error'], 'openItems' | 'items'> = {},
): HttpFailure {
  return { status, body: { error: { code, message, ...extra } } }
}

const BODY_PROBLEMS: Readonly<Record<string, { status: number; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'body: larger than the size limit (1 MB for JSON)' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'body: malformed JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'body: empty, but the content type says JSON' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'body: unsupported content type (send application/json)' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'body: length does not match Content-Length' },
}

const BODY_PROBLEM_CODES: Readonly<Record<number, ErrorCode>> = { 413: 'TIEOUT_ERR_TOO_LARGE', 415: 'TIEOUT_ERR_UNSUPPORTED_MEDIA_TYPE' }

/** Fastify's content-type parser errors (`FST_ERR_CTP_*`): the body could not be read at all. */
function bodyProblem(code: string | undefined): { status: number; message: string } | undefined {
  if (code === undefined || !code.startsWith('FST_ERR_CTP_')) return undefined
  return BODY_PROBLEMS[code] ?? { status: 400, message: 'body: could not be read' }
}

const MAX_MESSAGES = 3

/** `body/period must match pattern …` becomes `period: must be YYYY-MM with a month from 01 to 12`. */
export function describeValidation(errors: readonly FastifySchemaValidationError[], context = 'body'): string {
  const messages = new Set<string>()
  for (const error of errors) {
    const text = describeOne(error, context)
    if (text !== null) messages.add(text)
  }
  const list = [...messages]
  return list.slice(0, MAX_MESSAGES).join('; ') + (list.length > MAX_MESSAGES ? '; …' : '')
}

function describeOne(error: FastifySchemaValidationError, context: string): string | null {
  const field = fieldName(error.instancePath, context)
  const params = error.params
  switch (error.keyword) {
    case 'boolean':
      return null // `additionalProperties: false` reports each unknown field again as "schema is false"
    case 'additionalProperties':
      return names(params.additionalProperties)
        .map((name) => `${join(field, name, context)}: unknown field`)
        .join('; ')
    case 'required':
      return names(params.requiredProperties)
        .map((name) => `${join(field, name, context)}: is required`)
        .join('; ')
    case 'pattern':
      return `${field}: ${PATTERN_HINTS.get(String(params.pattern)) ?? error.message ?? 'has the wrong form'}`
    case 'type':
      return error.instancePath === ''
        ? `${context}: must be a JSON object (send application/json)`
        : `${field}: ${error.message ?? 'has the wrong type'}`
    case 'enum':
      return `${field}: must be one of ${names(params.allowedValues).join(', ')}`
    default:
      return `${field}: ${error.message ?? 'is invalid'}`
  }
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : []
}

/** `/entities/0` → `entities[0]`, `/source/dir` → `source.dir`; the root is the context (`body`). */
function fieldName(instancePath: string, context: string): string {
  if (instancePath === '') return context
  return instancePath
    .slice(1)
    .split('/')
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('')
}

function join(parent: string, name: string, context: string): string {
  return parent === context ? name : `${parent}.${name}`
}

export default fp(
  async function errorPolicyPlugin(app: FastifyInstance) {
    app.setErrorHandler((error, request, reply) => {
      const { status, body } = httpFailure(error)
      const details = { method: request.method, url: request.url, query: request.query, params: request.params }
      if (status >= 500) request.log.error({ ...details, err: error }, 'request failed')
      else request.log.info({ ...details, code: body.error.code, message: body.error.message }, 'request refused')
      return reply.code(status).send(body)
    })
    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send({ error: { code: 'TIEOUT_ERR_NOT_FOUND', message: `${request.method} ${request.url} not found` } })
    })
  },
  { name: 'error-policy' },
)
