import { describe, expect, it } from 'vitest'
import { RESULT_SCHEMA_ID } from '../../../shared/api/result-schema.ts'
import { renderResultSchema } from '../../../scripts/write-result-schema.ts'
import { makePublishedResult, makeRunResult } from '../../support/result-fixture.ts'
import { publishedResultSchemaText, resultSchemaErrors } from '../../support/result-schema-validator.ts'

const published = JSON.parse(publishedResultSchemaText) as Record<string, unknown>

/** A JSON copy of the factory's result with one value replaced at `path`. */
function changed(path: readonly (string | number)[], value: unknown): unknown {
  const root = JSON.parse(JSON.stringify(makePublishedResult())) as Record<string | number, unknown>
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
    expect(publishedResultSchemaText).toBe(rendered)
    expect(await renderResultSchema()).toBe(rendered)
    expect(publishedResultSchemaText.endsWith('}\n')).toBe(true)
    expect(publishedResultSchemaText).toMatch(/^\{\n {2}"\$schema": /)
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
    expect(publishedResultSchemaText).not.toContain('~kind')
  })

  it('accepts the factory result, USD nulls (missing FX) included', () => {
    const result = makePublishedResult()
    expect(result.entities.some((entity) => entity.fxRate === null)).toBe(true)
    expect(result.tieOut.some((row) => row.unexplainedUsd === null && row.status === 'FX_MISSING')).toBe(true)
    expect(resultSchemaErrors(JSON.parse(JSON.stringify(result)))).toEqual([])
  })

  it('counts the classified items and uncategorized entries, and names the evidence CSVs that list them', () => {
    const listed = makeRunResult()
    expect(makePublishedResult().classification).toEqual({
      itemCount: listed.classification.items.length,
      itemsFile: 'results/IPE_31-classified.csv',
      summary: listed.classification.summary,
      catalogFindings: listed.classification.catalogFindings,
    })
    expect(makePublishedResult().categorization).toMatchObject({
      uncategorizedCount: listed.categorization.uncategorized.length,
      uncategorizedFile: 'results/CR_03-18412-uncategorized.csv',
    })
  })

  it('rejects the long lists inline, as version 1 wrote them', () => {
    const listed = makeRunResult()
    expect(resultSchemaErrors(changed(['classification', 'items'], listed.classification.items))).not.toEqual([])
    expect(resultSchemaErrors(changed(['categorization', 'uncategorized'], listed.categorization.uncategorized))).not.toEqual([])
    expect(resultSchemaErrors(changed(['schemaVersion'], 1))).not.toEqual([])
  })

  it('rejects money as a float, or with other than two decimals', () => {
    expect(resultSchemaErrors(changed(['tieOut', 0, 'actualsLcy'], 1234.5))).not.toEqual([])
    expect(resultSchemaErrors(changed(['tieOut', 0, 'actualsLcy'], '1234.5'))).not.toEqual([])
    expect(resultSchemaErrors(changed(['bridges', 0, 'lines', 0, 'amountUsd'], 12.34))).not.toEqual([])
    expect(resultSchemaErrors(changed(['tieOut', 0, 'threshold', 'valueUsd'], '1,000.00'))).not.toEqual([])
  })

  it('rejects an unknown status', () => {
    expect(resultSchemaErrors(changed(['tieOut', 0, 'status'], 'MAYBE'))).not.toEqual([])
    expect(resultSchemaErrors(changed(['conclusions', 0, 'status'], 'NO_TV'))).not.toEqual([])
    expect(resultSchemaErrors(changed(['rollForward', 0, 'status'], 'ok'))).not.toEqual([])
  })

  it('rejects unknown fields on closed objects, but bridge detail is open', () => {
    expect(resultSchemaErrors(changed(['tieOut', 0, 'comment'], 'x'))).not.toEqual([])
    expect(resultSchemaErrors(changed(['schemaVersion'], 3))).not.toEqual([])
    expect(resultSchemaErrors(changed(['bridges', 0, 'lines', 0, 'detail', 'anyNewFigure'], 12))).toEqual([])
    expect(resultSchemaErrors(changed(['bridges', 0, 'lines', 0, 'detail', 'nested'], { a: 1 }))).not.toEqual([])
  })

  it('rejects a bridge line key not of the form <bridge>|<entity>|<business key>', () => {
    expect(resultSchemaErrors(changed(['bridges', 0, 'lines', 0, 'key'], 'V-NG-0001'))).not.toEqual([])
  })
})
