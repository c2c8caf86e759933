import { readFileSync } from 'node:fs'
import { EXTRACTS } from '../../shared/extracts/catalog.ts'
import type { ExtractId, ExtractParameter } from '../../shared/extracts/schema.ts'
import { TieoutError } from '../../shared/errors.ts'
import type { ExtractParams } from '../sources/source.ts'

/**
 * The T-SQL catalog: one `<ID>.sql` file per extract whose origin is `sql`, with named
 * parameters only. This module reads the files and turns run parameters into bound values;
 * nothing is ever spliced into the SQL text (methodology §3).
 */

/** SQL Server types the catalog binds: dates as `date`, months as `int`, lists as JSON text. */
export type SqlParameterType = 'Date' | 'Int' | 'NVarChar(max)'

/** A bound value as evidence records it: ISO date text, an integer, or JSON text. */
export type BoundValue = string | number

export type QueryParameter = {
  readonly name: ExtractParameter
  readonly type: SqlParameterType
  readonly value: (params: ExtractParams) => BoundValue
}

export type CatalogQuery = {
  readonly extract: ExtractId
  readonly text: string
  readonly parameters: readonly QueryParameter[]
}

/** Lists that are configuration rather than run input. */
export type SqlCatalogConfig = {
  /** IPE_31 leaves out open items of companies in these countries (ISO-2). */
  readonly excludedCountries: readonly string[]
  /** IPE_34 leaves out these company codes (IPE_34 excludes companies, IPE_31 countries). */
  readonly excludedCompanies: readonly string[]
  /** IPE_07's AR customer posting groups. */
  readonly customerPostingGroups: readonly string[]
}

export const DEFAULT_SQL_CATALOG_CONFIG: SqlCatalogConfig = {
  excludedCountries: ['TN', 'TZ', 'ZA'],
  excludedCompanies: ['AT_TN', 'EC_CM'],
  customerPostingGroups: [
    'LOAN-REC-NAT',
    'B2B-NG-NAT',
    'B2C-NG-NAT',
    'B2C-NG-INT',
    'NTR-NG-NAT',
    'B2B-NG-INT',
    'NTR-NG-INT',
    'UE',
    'INL',
    'EXPORT',
    'EU',
    'NATIONAL',
    'OM',
    'NAT',
    'AUS',
    'EXCB2B-NAT',
    'EMP-NAT',
  ],
}

type ParameterBinding = { readonly type: SqlParameterType; readonly value: (params: ExtractParams, config: SqlCatalogConfig) => BoundValue }

const BINDINGS: { readonly [P in ExtractParameter]: ParameterBinding } = {
  closingDate: { type: 'Date', value: (p) => p.period.closingDate },
  periodStart: { type: 'Date', value: (p) => p.period.periodStart },
  nextPeriodStart: { type: 'Date', value: (p) => p.period.nextPeriodStart },
  yearStart: { type: 'Date', value: (p) => p.period.yearStart },
  fxYear: { type: 'Int', value: (p) => p.period.fxYear },
  fxMonth: { type: 'Int', value: (p) => p.period.fxMonth },
  // An empty list means every company: each query tests `NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))`.
  companies: { type: 'NVarChar(max)', value: (p) => JSON.stringify(p.companies) },
  glAccounts: { type: 'NVarChar(max)', value: (p) => JSON.stringify(p.glAccounts) },
  customerPostingGroups: { type: 'NVarChar(max)', value: (_, c) => JSON.stringify(c.customerPostingGroups) },
  excludedCountries: { type: 'NVarChar(max)', value: (_, c) => JSON.stringify(c.excludedCountries) },
  excludedCompanies: { type: 'NVarChar(max)', value: (_, c) => JSON.stringify(c.excludedCompanies) },
}

const texts = new Map<ExtractId, string>()

/** The query file's text, read once per process. */
export function queryText(extract: ExtractId): string {
  const cached = texts.get(extract)
  if (cached !== undefined) return cached
  if (EXTRACTS[extract].origin !== 'sql') {
    throw new TieoutError('TIEOUT_ERR_SOURCE_QUERY', {
      detail: `${extract} is not read from SQL Server (it arrives as a file), so it has no catalog query`,
    })
  }
  const text = readFileSync(new URL(`./${extract}.sql`, import.meta.url), 'utf8')
  texts.set(extract, text)
  return text
}

/** The extract's query with its parameters in the catalog's order, typed for the driver. */
export function loadQuery(extract: ExtractId, config: SqlCatalogConfig = DEFAULT_SQL_CATALOG_CONFIG): CatalogQuery {
  const parameters = EXTRACTS[extract].parameters.map((name): QueryParameter => {
    const binding = BINDINGS[name]
    return { name, type: binding.type, value: (params) => binding.value(params, config) }
  })
  return { extract, text: queryText(extract), parameters }
}

/** Parameter name → bound value, as sent to SQL Server and recorded in the evidence. */
export function boundParameters(
  extract: ExtractId,
  params: ExtractParams,
  config: SqlCatalogConfig = DEFAULT_SQL_CATALOG_CONFIG,
): Record<string, BoundValue> {
  const bound: Record<string, BoundValue> = {}
  for (const parameter of loadQuery(extract, config).parameters) bound[parameter.name] = parameter.value(params)
  return bound
}

/** The extracts that have a catalog query. */
export function sqlExtractIds(): ExtractId[] {
  return (Object.keys(EXTRACTS) as ExtractId[]).filter((id) => EXTRACTS[id].origin === 'sql')
}
