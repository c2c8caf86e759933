import type { ExtractId } from '../../shared/extracts/schema.ts'

/** One file of an extract as found in the folder. */
export type LocatedFile = {
  readonly extract: ExtractId
  /** File name as in the folder, e.g. `JDASH_EC_NG.csv`. */
  readonly name: string
  readonly path: string
  readonly format: 'csv' | 'tsv' | 'xlsx'
  /** Company of a per-company file (`JDASH_<companyCode>.csv`). */
  readonly company?: string
}

/** A file read as a header and records; cells stay as the file holds them (text, or xlsx values). */
export type Table = {
  readonly header: readonly string[]
  readonly records: AsyncIterable<readonly unknown[]>
}

export type XlsxLimits = {
  /** Larger workbooks are refused before reading (default 200 MB). */
  readonly maxBytes: number
  /** Reading stops with an error past this many sheet rows (default: Excel's 1,048,576). */
  readonly maxRows: number
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = { maxBytes: 200 * 1024 * 1024, maxRows: 1_048_576 }
