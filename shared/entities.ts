import { at, badConfig, configDocument, configRoot, objectAt, textAt } from './config-json.ts'
import { TieoutError } from './errors.ts'
import type { EntityRow } from './extracts/rows.ts'
import type { FxRate } from './fx.ts'
import type { EntityInfo } from './result/types.ts'

/** ISO-2 country code → ISO-4217 currency code, from `config/currencies.json`. */
export type CurrencyMap = ReadonlyMap<string, string>

/** An entity of the run before its FX rate is known (methodology §2). */
export type ResolvedEntity = Omit<EntityInfo, 'fxRate'>

const COUNTRY = { regex: /^[A-Z]{2}$/, form: 'an ISO 3166 two-letter country code in capitals (NG)' }
const CURRENCY = { regex: /^[A-Z]{3}$/, form: 'an ISO 4217 currency code in capitals (NGN)' }

export function parseCurrencies(json: unknown, file: string): CurrencyMap {
  const document = configDocument(json, file, ['currencies'])
  const place = at(configRoot(file), 'currencies')
  const entries = objectAt(document.currencies, place)
  const currencies = new Map<string, string>()
  for (const [country, currency] of Object.entries(entries)) {
    textAt(country, at(place, country), COUNTRY)
    currencies.set(country, textAt(currency, at(place, country), CURRENCY))
  }
  if (currencies.size === 0) throw badConfig(place, 'expected at least one country')
  return currencies
}

function code(value: string | null): string {
  return (value ?? '').trim().toUpperCase()
}

function isInScope(row: EntityRow): boolean {
  return row.inConsoScope === true
}

/** Country codes of every in-scope entity of the master, sorted (methodology §5 issuance subtypes). */
export function inScopeCountryCodes(master: readonly EntityRow[]): string[] {
  const countries = new Set<string>()
  for (const row of master) if (isInScope(row) && code(row.countryCode) !== '') countries.add(code(row.countryCode))
  return [...countries].sort()
}

/**
 * The entities a run covers, in the order requested (`all-in-scope`: every in-scope entity of
 * the master, by company code). Codes compare trimmed and case-insensitively; the master's
 * spelling is kept. Throws when a code is unknown, out of consolidation scope, or its country
 * has no configured currency: such a run could not be reconciled.
 */
export function resolveEntities(
  master: readonly EntityRow[],
  currencies: CurrencyMap,
  requested: readonly string[] | 'all-in-scope',
): ResolvedEntity[] {
  const byCode = new Map<string, EntityRow>()
  for (const row of master) if (!byCode.has(code(row.companyCode))) byCode.set(code(row.companyCode), row)
  const rows = requested === 'all-in-scope' ? allInScope(byCode) : requestedRows(byCode, requested)
  return rows.map((row) => runEntity(row, currencies))
}

function allInScope(byCode: ReadonlyMap<string, EntityRow>): EntityRow[] {
  const inScope = [...byCode].filter(([companyCode, row]) => companyCode !== '' && isInScope(row))
  if (inScope.length === 0) throw new TieoutError('TIEOUT_ERR_DATA_QUALITY', { detail: 'ENTITIES: no entity is in consolidation scope' })
  return inScope.sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row)
}

function requestedRows(byCode: ReadonlyMap<string, EntityRow>, requested: readonly string[]): EntityRow[] {
  const codes = [...new Set(requested.map((value) => code(value)))]
  if (codes.length === 0 || codes.includes('')) {
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: 'entities: give at least one company code, none blank' })
  }
  return codes.map((companyCode) => {
    const row = byCode.get(companyCode)
    if (!row) throw new TieoutError('TIEOUT_ERR_UNKNOWN_ENTITY', { entity: companyCode })
    if (!isInScope(row)) throw new TieoutError('TIEOUT_ERR_ENTITY_OUT_OF_SCOPE', { entity: companyCode })
    return row
  })
}

function runEntity(row: EntityRow, currencies: CurrencyMap): ResolvedEntity {
  const companyCode = (row.companyCode ?? '').trim()
  const countryCode = code(row.countryCode)
  const currency = currencies.get(countryCode)
  if (currency === undefined) {
    throw new TieoutError('TIEOUT_ERR_NO_CURRENCY', { entity: companyCode, country: countryCode || '(none)' })
  }
  return { companyCode, name: (row.name ?? '').trim() || companyCode, countryCode, currency }
}

/** The published entity record: its FX rate as the canonical decimal text, or null (FX_MISSING). */
export function withFxRate(entity: ResolvedEntity, rate: FxRate | null): EntityInfo {
  return { ...entity, fxRate: rate === null ? null : rate.text }
}
