import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { listCells, listHeader, listRow, type ListRow } from '../../shared/result/list-csv.ts'
import type { ResultLists } from '../../shared/result/types.ts'
import { TieoutError } from '../../shared/errors.ts'
import { openCanonicalWriter, type CanonicalFile } from '../extracts/canonical-writer.ts'

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
  const source = Readable.from(afterRecords(stream, slice.offset))
  // Left early once the page is full: what is still unread is dropped, not an error.
  source.on('error', () => undefined)
  try {
    const parser = source.pipe(parse({ relax_column_count: true }))
    let record = 0
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (record === 0) {
        if (cells.join(',') !== header) throw new Error(`header is "${cells.join(',')}", expected "${header}"`)
      } else {
        rows.push(listRow(list, cells, slice.offset + record))
        if (rows.length >= slice.limit) break
      }
      record += 1
    }
  } catch (error) {
    throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `${name}: ${(error as Error).message}` }, { cause: error })
  } finally {
    source.destroy()
    stream.destroy()
  }
  return rows
}

const QUOTE = 0x22
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
