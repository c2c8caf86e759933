import { type Static, Type } from 'typebox'

/** The extract catalog as `shared/extracts/catalog.ts` declares it (methodology §3). */
export const CatalogColumnSchema = Type.Object({
  name: Type.String(),
  kind: Type.String(),
  required: Type.Boolean(),
  field: Type.Union([Type.String(), Type.Null()]),
  aliases: Type.Array(Type.String()),
})

export const CatalogExtractSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  grain: Type.String(),
  origin: Type.Enum(['sql', 'file']),
  parameters: Type.Array(Type.String()),
  keys: Type.Array(Type.String()),
  duplicateKeys: Type.Enum(['error', 'warning']),
  minRows: Type.Integer(),
  columns: Type.Array(CatalogColumnSchema),
})

export const CatalogResponseSchema = Type.Object({ extracts: Type.Array(CatalogExtractSchema) })
export type CatalogResponse = Static<typeof CatalogResponseSchema>

export const EntitySchema = Type.Object({
  companyCode: Type.String(),
  name: Type.String(),
  countryCode: Type.String(),
  currency: Type.Union([Type.String(), Type.Null()]),
  inConsoScope: Type.Boolean(),
})
export type Entity = Static<typeof EntitySchema>

export const EntitiesResponseSchema = Type.Object({ entities: Type.Array(EntitySchema) })
export type EntitiesResponse = Static<typeof EntitiesResponseSchema>
