import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { RESULT_SCHEMA_FILE } from '../../scripts/write-result-schema.ts'

// The top-level `ajv` package is v6 (ESLint's); Ajv 8, which has draft 2020-12, is the one
// `ajv-formats` (a direct dependency) depends on, so it is resolved from there.
type ValidateFunction = ((data: unknown) => boolean) & { errors?: readonly unknown[] | null }
type Ajv = { compile(schema: object): ValidateFunction }
type AjvConstructor = new (options: { strict: boolean; allErrors: boolean }) => Ajv
const requireFromAjvFormats = createRequire(createRequire(import.meta.url).resolve('ajv-formats'))
const Ajv2020 = (requireFromAjvFormats('ajv/dist/2020') as { default: AjvConstructor }).default

/** The published `docs/result.schema.json`, as text. */
export const publishedResultSchemaText = readFileSync(RESULT_SCHEMA_FILE, 'utf8')

// strict: unknown keywords, ambiguous types and the like fail compilation, not only bad data.
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(publishedResultSchemaText) as object)

/** What Ajv (draft 2020-12) finds wrong with `data` against the published result schema; empty when valid. */
export function resultSchemaErrors(data: unknown): readonly unknown[] {
  return validate(data) ? [] : (validate.errors ?? ['invalid'])
}
