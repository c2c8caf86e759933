import { type Static, Type } from 'typebox'
import { CompanyCodeSchema } from './common.ts'

export const BridgeIdSchema = Type.Enum(['timing', 'vtc', 'posting-group', 'business-line'])

/** `GET /api/runs/:id/results`: bridge lines may be paged, across bridges in result order. */
export const ResultsQuerySchema = Type.Object(
  {
    bridgeOffset: Type.Optional(Type.Integer({ minimum: 0 })),
    bridgeLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
)
export type ResultsQuery = Static<typeof ResultsQuerySchema>

export const BridgeLinesQuerySchema = Type.Object(
  {
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1_000 })),
    bridge: Type.Optional(BridgeIdSchema),
    entity: Type.Optional(CompanyCodeSchema),
  },
  { additionalProperties: false },
)
export type BridgeLinesQuery = Static<typeof BridgeLinesQuerySchema>

const DetailValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])

/** A bridge line as `shared/result/types.ts` defines it. */
export const BridgeLineSchema = Type.Object({
  key: Type.String(),
  bridge: BridgeIdSchema,
  companyCode: Type.String(),
  businessKey: Type.String(),
  description: Type.String(),
  amountLcy: Type.String(),
  amountUsd: Type.Union([Type.String(), Type.Null()]),
  material: Type.Boolean(),
  detail: Type.Record(Type.String(), DetailValue),
})

export const BridgeLinesPageSchema = Type.Object({
  runId: Type.String(),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  lines: Type.Array(BridgeLineSchema),
})
export type BridgeLinesPage = Static<typeof BridgeLinesPageSchema>

export const VerifyResponseSchema = Type.Object({
  runId: Type.String(),
  ok: Type.Boolean(),
  /** What the package holds now; compare with the run's `evidence` and with what the auditor recorded. */
  manifestHash: Type.String(),
  appendixHead: Type.Union([Type.String(), Type.Null()]),
  appendixCount: Type.Integer(),
  keyFingerprint: Type.Union([Type.String(), Type.Null()]),
  /**
   * One entry per finding (SPEC §10): a file that changed, went missing or was added; a broken,
   * unsigned or cut appendix (`chain`); a package that disagrees with the server's journal or
   * with its place (`journal`).
   */
  findings: Type.Array(
    Type.Object({ file: Type.String(), problem: Type.Enum(['changed', 'missing', 'added', 'chain', 'journal']), detail: Type.String() }),
  ),
})
export type VerifyResponse = Static<typeof VerifyResponseSchema>
