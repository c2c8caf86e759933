import { EXTRACTS, isExtractId } from '../../../shared/extracts/catalog.ts'
import type { ExtractId } from '../../../shared/extracts/schema.ts'
import { type Period, parsePeriod } from '../../../shared/period.ts'
import { demoHeader, demoRows } from '../../../server/demo/index.ts'
import type { ErrorInfo } from './tokens.ts'
import type { ParameterValue } from './requests.ts'
import type { WireColumn } from './wire-types.ts'

/** What an extract query asked for, read from its bound parameters. */
export type ExtractQuery = {
  readonly extract: ExtractId
  readonly period: Period
  /** undefined when `@companies` is `[]` or absent: every company. */
  readonly companies: readonly string[] | undefined
  readonly parameters: Readonly<Record<string, ParameterValue>>
}

export type ExtractData = { readonly header: readonly string[]; readonly rows: Iterable<readonly unknown[]> }

/** Supplies an extract's rows; the default is the demo generator at the double's scale and seed. */
export type DataProvider = (query: ExtractQuery) => ExtractData

export type Answer =
  | { readonly kind: 'done' }
  | {
      readonly kind: 'rows'
      readonly columns: readonly WireColumn[]
      readonly rows: Iterable<readonly unknown[]>
      readonly extract: ExtractId | null
    }
  | { readonly kind: 'error'; readonly error: ErrorInfo }

const EXTRACT_HEADER = /^\s*-- Tieout extract (\w+):/
const SELECT_ONE = /^\s*select\s+1\s*(?:as\s+\[?(\w+)\]?)?\s*;?\s*$/i

export function demoProvider(options: { scale: number; seed?: number }): DataProvider {
  return (query) => ({
    header: demoHeader(query.extract),
    rows: demoRows(query.extract, { period: query.period, companies: query.companies, scale: options.scale, seed: options.seed }),
  })
}

/** The catalog extract a statement runs, recognised by its header comment, or null. */
export function extractOf(statement: string): string | null {
  return EXTRACT_HEADER.exec(statement)?.[1] ?? null
}

/**
 * Answers one statement: session settings succeed silently, `SELECT 1` (pool validation, health
 * checks) returns 1, a catalog query returns its extract's rows; anything else is a syntax error.
 */
export function answer(
  statement: string,
  parameters: Readonly<Record<string, ParameterValue>>,
  context: { provider: DataProvider; defaultPeriod: string },
): Answer {
  if (/^\s*set\s/i.test(statement)) return { kind: 'done' }
  const one = SELECT_ONE.exec(statement)
  if (one) return { kind: 'rows', columns: [{ name: one[1] ?? '', kind: 'int' }], rows: [[1]], extract: null }
  const id = extractOf(statement)
  if (id === null)
    return { kind: 'error', error: { number: 102, message: `Incorrect syntax near '${statement.trim().slice(0, 20)}'.`, severity: 15 } }
  if (!isExtractId(id) || EXTRACTS[id].origin !== 'sql')
    return { kind: 'error', error: { number: 208, message: `Invalid object name '${id}'.` } }
  try {
    const query = extractQuery(id, parameters, context.defaultPeriod)
    const data = context.provider(query)
    return { kind: 'rows', columns: wireColumns(id, data.header), rows: data.rows, extract: id }
  } catch (error) {
    return { kind: 'error', error: { number: 50_000, message: error instanceof Error ? error.message : String(error) } }
  }
}

/** Types from the catalog's column kinds; a column the catalog does not know goes as text. */
function wireColumns(extract: ExtractId, header: readonly string[]): WireColumn[] {
  const kinds = new Map(EXTRACTS[extract].columns.map((column) => [column.name, column.kind]))
  return header.map((name) => ({ name, kind: kinds.get(name) ?? 'text' }))
}

export function extractQuery(
  extract: ExtractId,
  parameters: Readonly<Record<string, ParameterValue>>,
  defaultPeriod: string,
): ExtractQuery {
  const companies = typeof parameters.companies === 'string' ? (JSON.parse(parameters.companies) as string[]) : []
  return { extract, period: periodOf(parameters, defaultPeriod), companies: companies.length > 0 ? companies : undefined, parameters }
}

/** The period N the bound dates describe; the entity master binds none. */
function periodOf(parameters: Readonly<Record<string, ParameterValue>>, defaultPeriod: string): Period {
  const { nextPeriodStart, closingDate, fxYear, fxMonth } = parameters
  if (typeof nextPeriodStart === 'string') {
    const [year = 0, month = 1] = nextPeriodStart.split('-').map(Number)
    const index = year * 12 + month - 2
    return parsePeriod(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`)
  }
  if (typeof closingDate === 'string') return parsePeriod(closingDate.slice(0, 7))
  if (typeof fxYear === 'number' && typeof fxMonth === 'number') return parsePeriod(`${fxYear}-${String(fxMonth).padStart(2, '0')}`)
  return parsePeriod(defaultPeriod)
}
