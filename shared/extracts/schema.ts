import type { ColumnKind, KindValue } from './values.ts'

/**
 * One column of an extract, exactly as the source emits it. `field` names the typed property the
 * reconciliation reads; columns without one are carried to evidence only. `aliases` are the only
 * other header names accepted for this column (methodology §11: no fuzzy matching).
 */
export type ColumnDef = {
  readonly name: string
  readonly kind: ColumnKind
  readonly required?: boolean
  readonly field?: string
  readonly aliases?: readonly string[]
}

/** Every extract, in the order a run takes them (methodology §3): the one list of extract ids. */
export const EXTRACT_IDS = [
  'ENTITIES',
  'CR_03',
  'CR_04',
  'CR_05',
  'IPE_07',
  'IPE_08',
  'IPE_08_USAGE',
  'IPE_10',
  'IPE_11',
  'IPE_12',
  'IPE_31',
  'IPE_34',
  'JDASH',
] as const

export type ExtractId = (typeof EXTRACT_IDS)[number]

/** Run parameters a query may bind (methodology §2, §3). Lists are bound as JSON text. */
export type ExtractParameter =
  | 'closingDate'
  | 'periodStart'
  | 'nextPeriodStart'
  | 'yearStart'
  | 'fxYear'
  | 'fxMonth'
  | 'companies'
  | 'glAccounts'
  | 'customerPostingGroups'
  | 'excludedCountries'
  | 'excludedCompanies'

export type ExtractDef<C extends readonly ColumnDef[] = readonly ColumnDef[]> = {
  readonly id: ExtractId
  readonly title: string
  readonly grain: string
  readonly columns: C
  /** Column names that identify a row; uniqueness is checked when all are present. */
  readonly keys: readonly string[]
  /** Duplicated keys fail the run (`error`) or are reported (`warning`), methodology §3. */
  readonly duplicateKeys: 'error' | 'warning'
  readonly minRows: number
  /** How the extract reaches the run: a catalog query on SQL Server, or only as a file. */
  readonly origin: 'sql' | 'file'
  readonly parameters: readonly ExtractParameter[]
}

export function defineExtract<const C extends readonly ColumnDef[]>(def: ExtractDef<C>): ExtractDef<C> {
  return def
}

type FieldColumns<C extends readonly ColumnDef[]> = Extract<C[number], { field: string }>

/** The typed row of an extract: one property per column that has a `field`, `null` when empty. */
export type RowOf<E extends ExtractDef> = {
  -readonly [Col in FieldColumns<E['columns']> as Col['field']]: KindValue[Col['kind']] | null
}

export function columnNames(def: ExtractDef): string[] {
  return def.columns.map((column) => column.name)
}

export function fieldColumns(def: ExtractDef): (ColumnDef & { field: string })[] {
  return def.columns.filter((column): column is ColumnDef & { field: string } => column.field !== undefined)
}
