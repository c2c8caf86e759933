import { type Static, type TSchema, Type } from 'typebox'
import { CompanyCodeSchema } from './common.ts'
import {
  ClassifiedItemSchema,
  ResultBridgeIdSchema,
  ResultBridgeLineSchema,
  RunResultSchema,
  UncategorizedRowSchema,
} from './result-schema.ts'

/** `GET /api/runs/:id/results`: bridge lines may be paged, across bridges in result order. */
export const ResultsQuerySchema = Type.Object(
  {
    bridgeOffset: Type.Optional(Type.Integer({ minimum: 0 })),
    bridgeLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
)
export type ResultsQuery = Static<typeof ResultsQuerySchema>

/** The body of `GET /api/runs/:id/results`: result.json, and with paging where the page sits. */
export const ResultsResponseSchema = Type.Union([
  RunResultSchema,
  Type.Object(
    {
      ...RunResultSchema.properties,
      bridgeLines: Type.Object(
        { total: Type.Integer({ minimum: 0 }), offset: Type.Integer({ minimum: 0 }), limit: Type.Integer({ minimum: 0 }) },
        { additionalProperties: false, description: 'The page of bridge lines included: of `total` lines, `limit` from `offset`.' },
      ),
    },
    { additionalProperties: false, description: 'result.json with one page of its bridge lines (bridgeOffset/bridgeLimit).' },
  ),
])

export const BridgeLinesQuerySchema = Type.Object(
  {
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1_000 })),
    bridge: Type.Optional(ResultBridgeIdSchema),
    entity: Type.Optional(CompanyCodeSchema),
  },
  { additionalProperties: false },
)
export type BridgeLinesQuery = Static<typeof BridgeLinesQuerySchema>

export const BridgeLinesPageSchema = Type.Object({
  runId: Type.String(),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  lines: Type.Array(ResultBridgeLineSchema),
})
export type BridgeLinesPage = Static<typeof BridgeLinesPageSchema>

/** The most rows one page of a long list holds. */
export const LIST_PAGE_MAX = 10_000

/**
 * `GET /api/runs/:id/classification/items` and `/categorization/uncategorized`: one page of a long
 * list, in result order (by entity, then as classified / by entry no.).
 */
export const ListPageQuerySchema = Type.Object(
  {
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'First row of the page, 0-based.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIST_PAGE_MAX, default: 1_000, description: 'Rows in the page at most.' })),
  },
  { additionalProperties: false },
)
export type ListPageQuery = Static<typeof ListPageQuerySchema>

function listPageSchema<T extends TSchema>(row: T, description: string) {
  return Type.Object(
    {
      runId: Type.String(),
      total: Type.Integer({ minimum: 0, description: 'Rows in the whole list.' }),
      offset: Type.Integer({ minimum: 0 }),
      limit: Type.Integer({ minimum: 1 }),
      rows: Type.Array(row),
    },
    { additionalProperties: false, description },
  )
}

export const ClassifiedItemsPageSchema = listPageSchema(ClassifiedItemSchema, 'A page of the classified IPE_31 items.')
export type ClassifiedItemsPage = Static<typeof ClassifiedItemsPageSchema>
export const UncategorizedPageSchema = listPageSchema(UncategorizedRowSchema, 'A page of the uncategorized 18412 entries.')
export type UncategorizedPage = Static<typeof UncategorizedPageSchema>

export const VerifyResponseSchema = Type.Object({
  runId: Type.String(),
  ok: Type.Boolean(),
  /** What the package holds now; compare with the run's `evidence` and with what the auditor recorded. */
  manifestHash: Type.String(),
  appendixHead: Type.Union([Type.String(), Type.Null()]),
  appendixCount: Type.Integer(),
  keyFingerprint: Type.Union([Type.String(), Type.Null()]),
  /**
   * One entry per finding (methodology §10): a file that changed, went missing or was added; a broken,
   * unsigned or cut appendix (`chain`); a package that disagrees with the server's journal or
   * with its place (`journal`).
   */
  findings: Type.Array(
    Type.Object({ file: Type.String(), problem: Type.Enum(['changed', 'missing', 'added', 'chain', 'journal']), detail: Type.String() }),
  ),
})
export type VerifyResponse = Static<typeof VerifyResponseSchema>
