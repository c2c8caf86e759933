import { open, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { dataQualityError } from '../../shared/errors.ts'
import type { ExtractDef, RowOf } from '../../shared/extracts/schema.ts'
import { createRowDecoder, type RowDecoder } from './canonical-decoder.ts'
import { fieldBounds, RecordFormatError, scanRecord, scanRestOfRecord, type FieldBounds } from './canonical-scanner.ts'

/**
 * Reads a canonical CSV written by the canonical writer back as typed rows, for the compute step.
 * Rows of companies outside `companies` are skipped (methodology §11); rows without a company are kept,
 * for the caller to attribute (a Jdash file without `ID_COMPANY`).
 */
export type ReadOptions = {
  readonly companies?: ReadonlySet<string>
  readonly signal?: AbortSignal
  /** Decode only these fields of each row (the row holds no others); every field when absent. */
  readonly fields?: ReadonlySet<string>
  /**
   * Rows whose text field `field` fails `keep` are counted, not decoded; when the field comes early
   * in the record, the rest of their line is not even split into fields.
   */
  readonly where?: { readonly field: string; keep(value: string | null): boolean }
}

/** `skipped`: rows of other companies; `filtered`: rows `where` left out. */
export type ReadSummary = { readonly rows: number; readonly skipped: number; readonly filtered: number }

const CHUNK_BYTES = 1 << 20
/** The header may hold any number of names; data records must match its field count. */
const MAX_HEADER_FIELDS = 4096

/** Calls `onRow` for every row, in file order: the fastest way through a large extract. */
export async function forEachRow<E extends ExtractDef>(
  def: E,
  path: string,
  options: ReadOptions,
  onRow: (row: RowOf<E>) => void,
): Promise<ReadSummary> {
  let rows = 0
  let skipped = 0
  let filtered = 0
  for await (const batch of readBatches(def, path, options)) {
    rows += batch.rows.length
    skipped += batch.skipped
    filtered += batch.filtered
    for (const row of batch.rows) onRow(row)
  }
  return { rows, skipped, filtered }
}

/** The same rows as an async iterable (one buffer of rows decoded at a time). */
export async function* readExtractRows<E extends ExtractDef>(def: E, path: string, options: ReadOptions = {}): AsyncIterable<RowOf<E>> {
  for await (const batch of readBatches(def, path, options)) yield* batch.rows
}

type Batch<E extends ExtractDef> = { readonly rows: RowOf<E>[]; skipped: number; filtered: number }

/** Rows decoded from each chunk of the file; records cut by a chunk end move to the next. */
async function* readBatches<E extends ExtractDef>(def: E, path: string, options: ReadOptions): AsyncGenerator<Batch<E>> {
  const file = basename(path)
  const handle = await open(path, 'r')
  const state: ScanState<E> = {
    def,
    file,
    options,
    bounds: fieldBounds(MAX_HEADER_FIELDS),
    decoder: undefined,
    filter: null,
    records: 0,
    line: 1,
  }
  try {
    let buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    let carried = 0
    for (;;) {
      options.signal?.throwIfAborted()
      const bytesRead = await readInto(handle, buffer, carried)
      const end = carried + bytesRead
      const batch: Batch<E> = { rows: [], skipped: 0, filtered: 0 }
      const consumed = scanChunk(state, buffer, end, batch)
      if (batch.rows.length > 0 || batch.skipped > 0 || batch.filtered > 0) yield batch
      if (bytesRead === 0) {
        if (consumed < end) throw dataQualityError(`${def.id} file ${file}, line ${state.line}: the last line is cut off (no line end)`)
        break
      }
      carried = end - consumed
      if (consumed === 0 && end === buffer.length) buffer = grown(buffer)
      else buffer.copy(buffer, 0, consumed, end)
    }
    if (state.decoder === undefined) throw dataQualityError(`${def.id} file ${file}: empty file, no header`)
  } finally {
    await handle.close()
  }
}

type ScanState<E extends ExtractDef> = {
  readonly def: E
  readonly file: string
  readonly options: ReadOptions
  bounds: FieldBounds
  decoder: RowDecoder<E> | undefined
  /** The `where` option's field, once the header placed it. */
  filter: { readonly index: number; read(buffer: Buffer, bounds: FieldBounds): string | null } | null
  /** Data records seen, so the next is row `records + 1`. */
  records: number
  /** Line of the file where the next record starts. */
  line: number
}

/** Decodes every whole record in `buffer[0, end)`; returns the offset of the first unread byte. */
function scanChunk<E extends ExtractDef>(state: ScanState<E>, buffer: Buffer, end: number, batch: Batch<E>): number {
  const { options } = state
  state.bounds.quoteAt = -2
  let position = 0
  while (position < end) {
    const next = scanOrFail(state, buffer, position, end)
    if (next < 0) break
    position = next
    if (state.decoder === undefined) {
      startDecoding(state, buffer)
      continue
    }
    const bounds = state.bounds
    state.records += 1
    if (bounds.complete && bounds.count !== bounds.starts.length) failFieldCount(state)
    const company = options.companies ? state.decoder.company(buffer, bounds) : null
    if (company !== null && options.companies && !options.companies.has(company)) batch.skipped += 1
    else if (state.filter && !options.where?.keep(state.filter.read(buffer, bounds))) batch.filtered += 1
    else {
      if (!bounds.complete && bounds.needed < state.decoder.fieldsNeeded) scanRestOrFail(state, buffer)
      batch.rows.push(state.decoder.decode(buffer, bounds, state.records))
    }
    state.line += 1 + bounds.innerLines
  }
  return position
}

function scanOrFail<E extends ExtractDef>(state: ScanState<E>, buffer: Buffer, position: number, end: number): number {
  try {
    return scanRecord(buffer, position, end, state.bounds)
  } catch (error) {
    if (!(error instanceof RecordFormatError)) throw error
    const reason = state.decoder ? `${error.message} (the header has ${state.bounds.starts.length})` : error.message
    throw dataQualityError(`${state.def.id} file ${state.file}, line ${state.line}: not canonical CSV: ${reason}`)
  }
}

function scanRestOrFail<E extends ExtractDef>(state: ScanState<E>, buffer: Buffer): void {
  try {
    scanRestOfRecord(buffer, state.bounds)
  } catch (error) {
    if (!(error instanceof RecordFormatError)) throw error
    throw dataQualityError(
      `${state.def.id} file ${state.file}, line ${state.line}: not canonical CSV: ${error.message} (the header has ${state.bounds.starts.length})`,
    )
  }
  if (state.bounds.count !== state.bounds.starts.length) failFieldCount(state)
}

/** The header fixes the field count of every data record. */
function startDecoding<E extends ExtractDef>(state: ScanState<E>, buffer: Buffer): void {
  const { bounds } = state
  const header: string[] = []
  for (let index = 0; index < bounds.count; index++) {
    const start = bounds.starts[index] as number
    const end = bounds.ends[index] as number
    const quoted = buffer[start] === 0x22
    const name = buffer.toString('utf8', quoted ? start + 1 : start, quoted ? end - 1 : end)
    header.push(quoted ? name.replaceAll('""', '"') : name)
  }
  state.decoder = createRowDecoder(state.def, header, state.file, state.options.fields)
  state.bounds = fieldBounds(header.length)
  const { where } = state.options
  state.filter = where ? state.decoder.textField(where.field) : null
  // A few leading columns of a wide extract (the voucher lookup's three of IPE_08), or a filter's
  // (CR_03's account): the rest of a line is split into fields only for a row that is decoded.
  const company = state.decoder.textField('companyCode')?.index ?? -1
  const filterNeeds = state.filter ? 1 + Math.max(state.filter.index, company) : Number.POSITIVE_INFINITY
  const needed = Math.min(state.decoder.fieldsNeeded, filterNeeds)
  if (needed < header.length) state.bounds.needed = needed
  state.line += 1 + bounds.innerLines
}

function failFieldCount<E extends ExtractDef>(state: ScanState<E>): never {
  throw dataQualityError(
    `${state.def.id} file ${state.file}, line ${state.line}: ${state.bounds.count} fields, the header has ${state.bounds.starts.length}`,
  )
}

async function readInto(handle: FileHandle, buffer: Buffer, offset: number): Promise<number> {
  const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, null)
  return bytesRead
}

/** A record longer than the buffer: double it, keeping what was read. */
function grown(buffer: Buffer): Buffer {
  const larger = Buffer.allocUnsafe(buffer.length * 2)
  buffer.copy(larger)
  return larger
}
