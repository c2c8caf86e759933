import type { Readable } from 'node:stream'
import { listCells, listHeader, listRow, type ListRow } from '../../shared/result/list-csv.ts'
import type { ResultLists } from '../../shared/result/types.ts'
import { TieoutError } from '../../shared/errors.ts'
import { openCanonicalWriter, type CanonicalFile } from '../extracts/canonical-writer.ts'
import { fieldBounds, QUOTE, RecordFormatError, scanRecord, type FieldBounds } from '../extracts/canonical-scanner.ts'

/**
 * The long lists of a run as CSV files of its evidence package (`shared/result/list-csv.ts` says
 * which columns): written once by the compute step, read whole for the workbook and by page for
 * the API. The format is the canonical one of the extracts (RFC 4180, `\n`, UTF-8).
 */
export async function writeResultList<L extends keyof ResultLists>(path: string, list: L, rows: ResultLists[L]): Promise<CanonicalFile> {
  const writer = await openCanonicalWriter(path, listHeader(list))
  try {
    for (const row of rows) await writer.write(listCells(list, row))
  } catch (error) {
    await writer.abort()
    throw error
  }
  return writer.finish()
}

/** A page of a list: `limit` rows from row `offset` (0 is the first row after the header). */
export type ListSlice = { readonly offset: number; readonly limit: number }

/**
 * The rows of a list CSV, all of them or one page. Records before the page are counted, not
 * decoded, and the file is left as soon as the page is full.
 *
 * @throws TIEOUT_ERR_EVIDENCE naming the file when it is not a list CSV as written.
 */
export async function readResultList<L extends keyof ResultLists>(
  stream: Readable,
  list: L,
  name: string,
  slice: ListSlice = { offset: 0, limit: Number.POSITIVE_INFINITY },
): Promise<ListRow<L>[]> {
  const rows: ListRow<L>[] = []
  const header = listHeader(list).join(',')
  let record = 0
  /** Whether the page is full. */
  const take = (cells: string[]): boolean => {
    if (record === 0) {
      if (cells.join(',') !== header) throw new Error(`header is "${cells.join(',')}", expected "${header}"`)
    } else rows.push(listRow(list, cells, slice.offset + record))
    record += 1
    return rows.length >= slice.limit
  }
  try {
    await forEachRecord(afterRecords(stream, slice.offset), take)
  } catch (error) {
    throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `${name}: ${(error as Error).message}` }, { cause: error })
  } finally {
    // Left early once the page is full: what is still unread is dropped.
    stream.destroy()
  }
  return rows
}

/** More than any list has: a record with more is not one of a list CSV. */
const MAX_FIELDS = 256

/**
 * Hands every record of the canonical CSV bytes `chunks` (RFC 4180, `\n` line ends, UTF-8) to
 * `take` as its cells, until `take` returns true. A last record without its line feed is read too.
 */
async function forEachRecord(chunks: AsyncIterable<Buffer>, take: (cells: string[]) => boolean): Promise<void> {
  const bounds = fieldBounds(MAX_FIELDS)
  let held: Buffer = Buffer.alloc(0)
  let records = 0
  const scan = (buffer: Buffer): number => {
    let position = 0
    for (;;) {
      let next: number
      try {
        next = scanRecord(buffer, position, buffer.length, bounds)
      } catch (error) {
        if (error instanceof RecordFormatError) throw new Error(`record ${records + 1}: not a CSV as written: ${error.message}`)
        throw error
      }
      if (next < 0) return position
      records += 1
      if (take(cellsOf(buffer, bounds))) return -1
      position = next
    }
  }
  for await (const chunk of chunks) {
    const buffer = held.length === 0 ? chunk : Buffer.concat([held, chunk])
    const used = scan(buffer)
    if (used < 0) return
    // Copied: the reader may reuse the chunk's memory.
    held = Buffer.from(buffer.subarray(used))
  }
  if (held.length === 0) return
  const last = Buffer.concat([held, Buffer.from('\n')])
  const used = scan(last)
  if (used >= 0 && used < last.length) throw new Error(`record ${records + 1}: a quoted field is not closed`)
}

function cellsOf(buffer: Buffer, bounds: FieldBounds): string[] {
  const cells: string[] = []
  for (let index = 0; index < bounds.count; index++) {
    const start = bounds.starts[index] as number
    const end = bounds.ends[index] as number
    if (buffer[start] !== QUOTE) {
      cells.push(buffer.toString('utf8', start, end))
      continue
    }
    const text = buffer.toString('utf8', start + 1, end - 1)
    cells.push(text.includes('"') ? text.replaceAll('""', '"') : text)
  }
  return cells
}

const LINE_FEED = 0x0a

/**
 * The bytes of a CSV with `skipped` records after the header left out: those are counted by
 * their line feeds outside quotes (a doubled quote toggles twice), never decoded, so a deep page
 * costs a scan of the bytes before it rather than a parse.
 */
async function* afterRecords(stream: Readable, skipped: number): AsyncGenerator<Buffer> {
  let quoted = false
  let lineFeeds = 0
  const header: Buffer[] = []
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (lineFeeds > skipped) {
      yield chunk
      continue
    }
    const inHeader = lineFeeds === 0
    let rest = -1
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index]
      if (byte === QUOTE) quoted = !quoted
      else if (byte === LINE_FEED && !quoted) {
        lineFeeds += 1
        if (lineFeeds === 1) header.push(chunk.subarray(0, index + 1))
        if (lineFeeds > skipped) {
          rest = index + 1
          break
        }
      }
    }
    if (inHeader && lineFeeds === 0) header.push(chunk)
    if (rest >= 0) {
      yield Buffer.concat(header)
      yield chunk.subarray(rest)
    }
  }
  if (lineFeeds <= skipped) yield Buffer.concat(header)
}
