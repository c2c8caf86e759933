import type { ExtractId } from '../../shared/extracts/schema.ts'
import type { Period } from '../../shared/period.ts'
import type { ByteRange } from './files-csv.ts'
import type { LocatedFile } from './files-table.ts'

/**
 * One interface for every place extracts come from (methodology §3): SQL Server, a folder or upload of
 * files, and the built-in demo generator. A source streams records; it never holds an extract whole.
 */
export type ExtractParams = {
  readonly period: Period
  /** Company codes of the run. */
  readonly companies: readonly string[]
  /** GL accounts of the run's account map (CR_03, CR_04). */
  readonly glAccounts: readonly string[]
}

export type ExtractRequest = {
  readonly extract: ExtractId
  readonly params: ExtractParams
  readonly signal: AbortSignal
}

/** What a source read: the header, the records in header order, and how they were obtained. */
export type RecordStream = {
  readonly header: readonly string[]
  readonly records: AsyncIterable<readonly unknown[]>
  /**
   * The same records a chunk at a time, when the source reads them so (a consumer reads either
   * `records` or `batches`, not both): no await per record.
   */
  readonly batches?: AsyncIterable<readonly (readonly unknown[])[]>
  /** The query text (SQL Server) or a description of the file or generator, for evidence. */
  readonly provenance: {
    readonly kind: 'mssql' | 'files' | 'demo'
    readonly description: string
    readonly queryText?: string
    readonly boundParameters?: Readonly<Record<string, unknown>>
    readonly file?: string
  }
}

/**
 * How to open the same source again in another thread (plain data, structured-cloneable). Sources
 * that hold a connection (SQL Server) have none: their extracts are read where the source lives.
 */
export type SourceSpec =
  | { readonly kind: 'demo'; readonly scale: number; readonly seed?: number }
  | {
      readonly kind: 'files'
      readonly folder: string
      readonly xlsx?: { readonly maxBytes?: number; readonly maxRows?: number }
      /** Links must stay inside this folder (the server's files root). */
      readonly linkRoot?: string
    }

/**
 * A large extract that can be read in parts on several threads: one delimited file cut into byte
 * ranges at record boundaries, and the provenance of the whole.
 */
export type SplitPlan = {
  readonly file: LocatedFile
  readonly header: readonly string[]
  readonly ranges: readonly ByteRange[]
  /** The original file's provenance, as `read` gives it (hashes it: call alongside the parts). */
  provenance(signal: AbortSignal): Promise<RecordStream['provenance']>
}

export interface Source {
  readonly kind: 'mssql' | 'files' | 'demo'
  /** The spec that reopens this source elsewhere for one extract, or null when it cannot be. */
  workerSpec?(extract: ExtractId): SourceSpec | null
  /** A line for logs and evidence, e.g. "files: /data/2025-09" (no secrets). */
  describe(): string
  /** Whether this source can supply the extract (a files folder may lack optional ones). */
  has(extract: ExtractId): Promise<boolean>
  read(request: ExtractRequest): Promise<RecordStream>
  /** How to read the extract in about `parts` pieces, or null to read it whole (small, several files, xlsx). */
  splitPlan?(extract: ExtractId, parts: number, signal: AbortSignal): Promise<SplitPlan | null>
  close(): Promise<void>
}
