import type { Readable } from 'node:stream'
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
  const parser = stream.pipe(parse({ relax_column_count: true }))
  const rows: ListRow<L>[] = []
  const header = listHeader(list).join(',')
  let record = 0
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (record === 0) {
        if (cells.join(',') !== header) throw new Error(`header is "${cells.join(',')}", expected "${header}"`)
      } else if (record > slice.offset) {
        rows.push(listRow(list, cells, record))
        if (rows.length >= slice.limit) break
      }
      record += 1
    }
  } catch (error) {
    throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `${name}: ${(error as Error).message}` }, { cause: error })
  } finally {
    stream.destroy()
  }
  return rows
}
