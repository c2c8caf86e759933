import type { QualityIssue } from '../result/types.ts'
import type { ColumnDef, ExtractDef } from './schema.ts'

/**
 * The findings of the quality checks (methodology §3) and their wording. Row numbers count data rows from
 * 1, as a user sees them: row 1 is the first row after the header (line 2 of a CSV file).
 */
export const MAX_LISTED_ROWS = 20
const ROW_CONVENTION = 'row n = n-th data row after the header'

/** The first rows of one finding, and how many there are in all. */
export type RowSample = { count: number; readonly rows: number[] }

export function emptySample(): RowSample {
  return { count: 0, rows: [] }
}

export function addRow(sample: RowSample, rowNumber: number): void {
  sample.count += 1
  if (sample.rows.length < MAX_LISTED_ROWS) sample.rows.push(rowNumber)
}

/** "rows 5, 9" or "rows 1, 2, …, 20 and 13 more". */
export function describeRows(sample: RowSample): string {
  const listed = sample.rows.join(', ')
  const more = sample.count - sample.rows.length
  const noun = sample.count === 1 ? 'row' : 'rows'
  return more > 0 ? `${noun} ${listed}, … and ${more} more` : `${noun} ${listed}`
}

function quoted(names: readonly string[]): string {
  return names.map((name) => (name === '' ? '(blank)' : `"${name}"`)).join(', ')
}

function accepted(column: ColumnDef | undefined): string {
  const aliases = column?.aliases ?? []
  return aliases.length > 0 ? ` (also accepted: ${quoted(aliases)})` : ''
}

export function missingColumnsIssue(label: string, def: ExtractDef, missing: readonly string[], found: readonly string[]): QualityIssue {
  const names = missing.map((name) => `"${name}"${accepted(def.columns.find((column) => column.name === name))}`)
  const noun = missing.length === 1 ? 'column' : 'columns'
  return {
    check: 'required-columns',
    severity: 'error',
    message: `${label}: missing required ${noun} ${names.join(', ')}; columns found: ${quoted(found)}`,
    ...(missing.length === 1 ? { column: missing[0] } : {}),
  }
}

export function repeatedHeaderIssue(label: string, name: string, count: number): QualityIssue {
  return {
    check: 'required-columns',
    severity: 'error',
    column: name,
    message: `${label}: column "${name}" appears ${count} times in the header; which one to read is ambiguous`,
  }
}

/** Values of one column that did not parse: the first reason and where they are. */
export type ColumnFailures = RowSample & { firstReason: string; firstRow: number }

export function typeIssue(label: string, column: string, failures: ColumnFailures): QualityIssue {
  const values = failures.count === 1 ? 'value does' : 'values do'
  return {
    check: 'types',
    severity: 'error',
    column,
    rows: failures.rows,
    message:
      `${label}, column "${column}": ${failures.firstReason} at row ${failures.firstRow}; ` +
      `${failures.count} ${values} not parse, at ${describeRows(failures)} (${ROW_CONVENTION})`,
  }
}

export type KeyDuplicates = RowSample & { firstKey: string; firstOriginal: number; firstRepeat: number }

export function duplicateKeyIssue(label: string, def: ExtractDef, duplicates: KeyDuplicates): QualityIssue {
  const rows = duplicates.count === 1 ? 'row repeats' : 'rows repeat'
  return {
    check: 'key-uniqueness',
    severity: def.duplicateKeys,
    rows: duplicates.rows,
    message:
      `${label}: ${duplicates.count} ${rows} the key (${def.keys.join(', ')}) of an earlier row, at ` +
      `${describeRows(duplicates)}; first: ${duplicates.firstKey} at rows ${duplicates.firstOriginal} and ` +
      `${duplicates.firstRepeat} (${ROW_CONVENTION})`,
  }
}

export function minRowsIssue(label: string, def: ExtractDef, rows: number): QualityIssue {
  return {
    check: 'min-rows',
    severity: 'error',
    message: `${label}: ${rows} data ${rows === 1 ? 'row' : 'rows'}; at least ${def.minRows} required`,
  }
}

export function ignoredColumnsIssue(label: string, ignored: readonly string[]): QualityIssue {
  const noun = ignored.length === 1 ? 'column is' : 'columns are'
  return {
    check: 'ignored-columns',
    severity: 'warning',
    message: `${label}: ${ignored.length} ${noun} not in the schema and ignored: ${quoted(ignored)}`,
  }
}
