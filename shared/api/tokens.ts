import { type Static, Type } from 'typebox'
import { RoleSchema, TimestampSchema, TOKEN_NAME_PATTERN } from './common.ts'

export const CreateTokenBodySchema = Type.Object(
  { name: Type.String({ pattern: TOKEN_NAME_PATTERN }), role: RoleSchema },
  { additionalProperties: false },
)
export type CreateTokenBody = Static<typeof CreateTokenBodySchema>

export const TokenInfoSchema = Type.Object({
  name: Type.String(),
  role: RoleSchema,
  createdAt: TimestampSchema,
  revokedAt: Type.Union([TimestampSchema, Type.Null()]),
})
export type TokenInfo = Static<typeof TokenInfoSchema>

/** The only time the secret is shown: the server keeps its SHA-256 alone. */
export const TokenCreatedSchema = Type.Object({ name: Type.String(), role: RoleSchema, token: Type.String() })
export type TokenCreated = Static<typeof TokenCreatedSchema>

export const TokenListSchema = Type.Object({ tokens: Type.Array(TokenInfoSchema) })
