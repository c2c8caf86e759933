import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { CsvError, parse } from 'csv-parse'
import { dataQualityError } from '../../shared/errors.ts'
import type { LocatedFile, Table } from './files-table.ts'

/**
 * CSV and TSV files (SPEC §3): UTF-8 with or without BOM, delimiter taken from the header line
 * (comma, semicolon or tab), CRLF or LF. Nothing is relaxed: a stray quote or a record with a
 * different number of fields than the header is an error naming the file and line. Wholly empty
 * lines carry no data and are skipped.
 */
const DELIMITERS = [',', ';', '\t'] as const
/** A header line or record longer than this (an unclosed quote, a binary file) is refused. */
const MAX_RECORD_CHARS = 1 << 20

export async function openDelimitedTable(file: LocatedFile, signal: AbortSignal): Promise<Table> {
  const delimiter = detectDelimiter(await readHeaderLine(file), file.format)
  const input = createReadStream(file.path, { highWaterMark: 1 << 16, signal })
  const parser = input.pipe(parse({ delimiter, bom: true, skip_empty_lines: true, max_record_size: MAX_RECORD_CHARS }))
  input.on('error', (error) => parser.destroy(error))
  const iterator = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]()
  const first = await next(iterator, file)
  if (first.done) {
    input.destroy()
    throw dataQualityError(`${file.extract} file ${file.name}: empty file, no header line`)
  }
  return { header: first.value, records: rest(iterator, file, () => input.destroy()) }
}

async function* rest(iterator: AsyncIterator<string[]>, file: LocatedFile, close: () => void): AsyncGenerator<readonly unknown[]> {
  try {
    for (;;) {
      const result = await next(iterator, file)
      if (result.done) return
      yield result.value
    }
  } finally {
    await iterator.return?.()
    close()
  }
}

async function next(iterator: AsyncIterator<string[]>, file: LocatedFile): Promise<IteratorResult<string[]>> {
  try {
    return await iterator.next()
  } catch (error) {
    throw describeParseError(error, file)
  }
}

function describeParseError(error: unknown, file: LocatedFile): unknown {
  if (!(error instanceof CsvError)) return error
  const line = typeof error.lines === 'number' ? `, line ${error.lines}` : ''
  return dataQualityError(`${file.extract} file ${file.name}${line}: ${error.message}`)
}

async function readHeaderLine(file: LocatedFile): Promise<string> {
  const handle = await open(file.path, 'r')
  try {
    const buffer = Buffer.alloc(MAX_RECORD_CHARS)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const end = buffer.subarray(0, bytesRead).indexOf(0x0a)
    if (end < 0 && bytesRead === buffer.length) {
      throw dataQualityError(`${file.extract} file ${file.name}, line 1: the header line is longer than ${MAX_RECORD_CHARS} bytes`)
    }
    return buffer.toString('utf8', 0, end < 0 ? bytesRead : end).replace(/^\uFEFF/, '')
  } finally {
    await handle.close()
  }
}

/** The candidate that occurs most often outside quotes; a one-column file falls back on its type. */
export function detectDelimiter(headerLine: string, format: LocatedFile['format']): string {
  const counts = new Map<string, number>(DELIMITERS.map((delimiter) => [delimiter, 0]))
  let quoted = false
  for (const character of headerLine) {
    if (character === '"') quoted = !quoted
    else if (!quoted && counts.has(character)) counts.set(character, (counts.get(character) ?? 0) + 1)
  }
  let best: string = format === 'tsv' ? '\t' : ','
  let bestCount = 0
  for (const [delimiter, count] of counts) {
    if (count > bestCount) {
      best = delimiter
      bestCount = count
    }
  }
  return best
}
