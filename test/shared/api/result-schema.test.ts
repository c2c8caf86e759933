import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { RESULT_SCHEMA_ID } from '../../../shared/api/result-schema.ts'
import { RESULT_SCHEMA_FILE, renderResultSchema } from '../../../scripts/write-result-schema.ts'
import { makeRunResult } from '../../support/result-fixture.ts'

// Ajv (draft 2020-12) against the published file.
// The top-level `ajv` package is v6 (ESLint's); Ajv 8, which has draft 2020-12, is the one
// `ajv-formats` (a direct dependency) depends on, so it is resolved from there.
type ValidateFunction = ((data: unknown) => boolean) & { errors?: readonly unknown[] | null }
type Ajv = { compile(schema: object): ValidateFunction }
type AjvConstructor = new (options: { strict: boolean; allErrors: boolean }) => Ajv
const requireFromAjvFormats = createRequire(createRequire(import.meta.url).resolve('ajv-formats'))
const Ajv2020 = (requireFromAjvFormats('ajv/dist/2020') as { default: AjvConstructor }).default

const DEMO_RESULT = '/tmp/t1/out/result.json'

const publishedText = readFileSync(RESULT_SCHEMA_FILE, 'utf8')
const published = JSON.parse(publishedText) as Record<string, unknown>
// strict: unknown keywords, ambiguous types and the like fail compilation, not only bad data.
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(published)

function errorsOf(data: unknown): readonly unknown[] {
  return validate(data) ? [] : (validate.errors ?? ['invalid'])
}

/** A JSON copy of the factory's result with one value replaced at `path`. */
function changed(path: readonly (string | number)[], value: unknown): unknown {
  const root = JSON.parse(JSON.stringify(makeRunResult())) as Record<string | number, unknown>
  let node = root
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>
  const last = path[path.length - 1]
  if (last === undefined) throw new Error('empty path')
  node[last] = value
  return root
}

describe('docs/result.schema.json', () => {
  it('is what scripts/write-result-schema.ts writes now (run `npx tsx scripts/write-result-schema.ts`)', async () => {
    const rendered = await renderResultSchema()
    expect(publishedText).toBe(rendered)
    expect(await renderResultSchema()).toBe(rendered)
    expect(publishedText.endsWith('}\n')).toBe(true)
    expect(publishedText).toMatch(/^\{\n {2}"\$schema": /)
  })

  it('is a draft 2020-12 schema with its id, title and description', () => {
    expect(published).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: RESULT_SCHEMA_ID,
      title: expect.any(String),
      description: expect.any(String),
      type: 'object',
      additionalProperties: false,
    })
    expect(publishedText).not.toContain('~kind')
  })

  it('accepts the factory result, USD nulls (missing FX) included', () => {
    const result = makeRunResult()
    expect(result.entities.some((entity) => entity.fxRate === null)).toBe(true)
    expect(result.tieOut.some((row) => row.unexplainedUsd === null && row.status === 'FX_MISSING')).toBe(true)
    expect(errorsOf(JSON.parse(JSON.stringify(result)))).toEqual([])
  })

  it.skipIf(!existsSync(DEMO_RESULT))('accepts a real demo run result.json', () => {
    expect(errorsOf(JSON.parse(readFileSync(DEMO_RESULT, 'utf8')))).toEqual([])
  })

  it('rejects money as a float, or with other than two decimals', () => {
    expect(errorsOf(changed(['tieOut', 0, 'actualsLcy'], 1234.5))).not.toEqual([])
    expect(errorsOf(changed(['tieOut', 0, 'actualsLcy'], '1234.5'))).not.toEqual([])
    expect(errorsOf(changed(['bridges', 0, 'lines', 0, 'amountUsd'], 12.34))).not.toEqual([])
    expect(errorsOf(changed(['tieOut', 0, 'threshold', 'valueUsd'], '1,000.00'))).not.toEqual([])
  })

  it('rejects an unknown status', () => {
    expect(errorsOf(changed(['tieOut', 0, 'status'], 'MAYBE'))).not.toEqual([])
    expect(errorsOf(changed(['conclusions', 0, 'status'], 'NO_TV'))).not.toEqual([])
    expect(errorsOf(changed(['rollForward', 0, 'status'], 'ok'))).not.toEqual([])
  })

  it('rejects unknown fields on closed objects, but bridge detail is open', () => {
    expect(errorsOf(changed(['tieOut', 0, 'comment'], 'x'))).not.toEqual([])
    expect(errorsOf(changed(['schemaVersion'], 2))).not.toEqual([])
    expect(errorsOf(changed(['bridges', 0, 'lines', 0, 'detail', 'anyNewFigure'], 12))).toEqual([])
    expect(errorsOf(changed(['bridges', 0, 'lines', 0, 'detail', 'nested'], { a: 1 }))).not.toEqual([])
  })

  it('rejects a bridge line key not of the form <bridge>|<entity>|<business key>', () => {
    expect(errorsOf(changed(['bridges', 0, 'lines', 0, 'key'], 'V-NG-0001'))).not.toEqual([])
  })
})
