import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'
import { ROLES, type Role } from '../../../../shared/api/common.ts'
import type { TokenCreated, TokenInfo } from '../../../../shared/api/tokens.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import type { Database } from '../../../state/tables.ts'
import { writePrivateFile } from '../../../state/private-files.ts'
import type { Principal } from './principal.ts'

export type DemoToken = { readonly name: string; readonly role: Role; readonly token: string }

/** Where demo mode keeps the demo tokens' secrets, in the data directory. */
export const DEMO_TOKENS_FILE = 'demo-tokens.json'

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * Issues an API token: 32 random bytes, base64url. Only its SHA-256 is stored, so the secret is
 * shown once. Usable without the server (the CLI opens the state store and calls this).
 */
export async function createApiToken(
  db: Kysely<Database>,
  request: { readonly name: string; readonly role: Role },
  now: Date = new Date(),
): Promise<TokenCreated> {
  const active = await db
    .selectFrom('api_tokens')
    .select('id')
    .where('name', '=', request.name)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (active) throw new TieoutError('TIEOUT_ERR_CONFLICT', { detail: `an API token named ${request.name} already exists` })
  const token = randomBytes(32).toString('base64url')
  await db
    .insertInto('api_tokens')
    .values({ id: randomUUID(), name: request.name, role: request.role, token_sha256: tokenHash(token), created_at: now.toISOString() })
    .execute()
  return { name: request.name, role: request.role, token }
}

/** Verified tokens are remembered briefly: status polls should not hit the store each time. */
const CACHE_MS = 30_000
const CACHE_MAX = 10_000

export function createTokenStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  const cache = new Map<string, { principal: Principal | null; until: number }>()

  async function verify(token: string): Promise<Principal | null> {
    const hash = tokenHash(token)
    const cached = cache.get(hash)
    if (cached && cached.until > now().getTime()) return cached.principal
    const row = await db
      .selectFrom('api_tokens')
      .select(['name', 'role'])
      .where('token_sha256', '=', hash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    const principal: Principal | null = row ? { id: row.name, roles: [row.role as Role], via: 'token' } : null
    if (cache.size >= CACHE_MAX) cache.clear()
    cache.set(hash, { principal, until: now().getTime() + CACHE_MS })
    return principal
  }

  async function list(): Promise<TokenInfo[]> {
    const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('name').execute()
    return rows.map((row) => ({ name: row.name, role: row.role as Role, createdAt: row.created_at, revokedAt: row.revoked_at }))
  }

  async function revoke(name: string): Promise<boolean> {
    const result = await db
      .updateTable('api_tokens')
      .set({ revoked_at: now().toISOString() })
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    cache.clear()
    return result.numUpdatedRows > 0n
  }

  /**
   * Demo mode: one token per role (`demo-preparer`, …), the same across restarts. Their secrets
   * are kept in `file` (owner-only) so the sign-in screen of a loopback client can offer them; a
   * demo token whose secret is not there (or no longer valid) is revoked and issued again.
   */
  async function ensureDemoTokens(file: string): Promise<DemoToken[]> {
    const known = readDemoTokens(file)
    const tokens: DemoToken[] = []
    for (const role of ROLES) {
      const name = `demo-${role}`
      const kept = known.find((token) => token.name === name && token.role === role)
      const valid = kept ? await verify(kept.token) : null
      if (kept && valid?.id === name && valid.roles.includes(role)) {
        tokens.push(kept)
        continue
      }
      await revoke(name)
      tokens.push(await createApiToken(db, { name, role }, now()))
    }
    writePrivateFile(file, `${JSON.stringify(tokens, null, 2)}\n`)
    return tokens
  }

  return {
    verify,
    list,
    revoke,
    ensureDemoTokens,
    create: (request: { name: string; role: Role }) => createApiToken(db, request, now()),
  }
}

export type TokenStore = ReturnType<typeof createTokenStore>

function readDemoTokens(file: string): DemoToken[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return []
  }
  if (!Array.isArray(parsed)) return []
  return parsed.filter(
    (entry): entry is DemoToken =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.name === 'string' &&
      typeof entry.token === 'string' &&
      (ROLES as readonly unknown[]).includes(entry.role),
  )
}
