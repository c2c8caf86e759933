import { TieoutError } from '../../errors.ts'
import type { VoucherLookup } from '../voucher-lookup.ts'
import { type CategorizationContext, normalizeUserId } from './rules.ts'

/** `config/categorization.json`: who counts as the integration (methodology §5). */
export type CategorizationConfig = {
  readonly version: 1
  /** As written in the file; `createCategorizationContext` normalizes them. */
  readonly integrationUsers: readonly string[]
}

const FIELDS = new Set(['version', 'integrationUsers'])

function badConfig(file: string, detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file, detail })
}

/** Validates the parsed JSON of the categorization config; the error names the file and field. */
export function parseCategorizationConfig(json: unknown, file: string): CategorizationConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw badConfig(file, 'must be a JSON object')
  const record = json as Record<string, unknown>
  for (const field of Object.keys(record)) {
    if (!FIELDS.has(field)) throw badConfig(file, `unknown field "${field}" (expected version, integrationUsers)`)
  }
  if (record.version !== 1) throw badConfig(file, `field "version" must be 1, found ${JSON.stringify(record.version) ?? 'nothing'}`)
  return { version: 1, integrationUsers: parseUsers(record.integrationUsers, file) }
}

function parseUsers(value: unknown, file: string): string[] {
  if (!Array.isArray(value)) throw badConfig(file, 'field "integrationUsers" must be a list of user ids')
  // An empty list would silently make every entry Manual and change every categorization.
  if (value.length === 0) throw badConfig(file, 'field "integrationUsers" must list at least one user id')
  return value.map((user, index) => {
    if (typeof user !== 'string' || user.trim() === '') {
      throw badConfig(file, `field "integrationUsers[${index}]" must be a non-blank user id`)
    }
    return user
  })
}

const ISO2 = /^[A-Z]{2}$/

/**
 * Prepares a run's context once: integration users normalized as `User ID` is, country codes
 * (the `countryCode` of every in-scope entity) upper-cased and checked to be ISO-2.
 */
export function createCategorizationContext(
  config: CategorizationConfig,
  countryCodes: Iterable<string>,
  vouchers: VoucherLookup,
): CategorizationContext {
  const codes = new Set<string>()
  for (const raw of countryCodes) {
    const code = raw.trim().toUpperCase()
    if (!ISO2.test(code)) throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `country code "${raw}" is not ISO-2` })
    codes.add(code)
  }
  return { integrationUsers: new Set(config.integrationUsers.map(normalizeUserId)), countryCodes: codes, vouchers }
}
