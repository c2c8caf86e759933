import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { dataQualityError } from '../../shared/errors.ts'
import type { LocatedFile, Table } from './files-table.ts'
import { DelimitedFormatError, DelimitedScanner, type DelimitedScannerOptions } from './files-scanner.ts'

/**
 * CSV and TSV files (methodology §3): UTF-8 with or without BOM, delimiter taken from the header line
 * (comma, semicolon or tab), CRLF or LF. Nothing is relaxed: a stray quote or a record with a
 * different number of fields than the header is an error naming the file and line. Wholly empty
 * lines carry no data and are skipped. The bytes go through `DelimitedScanner`, 1 MiB at a time.
 */
const DELIMITERS = [',', ';', '\t'] as const
/** A header line or record longer than this (an unclosed quote, a binary file) is refused. */
const MAX_RECORD_CHARS = 1 << 20
const CHUNK_BYTES = 1 << 20

export type DelimitedReadOptions = {
  /** Positions of the fields the caller reads, given the file's header; the others stay `undefined`. */
  readonly select?: DelimitedScannerOptions['select']
}

/** A delimited file's table; `batches` gives the same records a chunk at a time (read one or the other). */
export type DelimitedTable = Table & { readonly batches: AsyncIterable<readonly (readonly unknown[])[]> }

export async function openDelimitedTable(
  file: LocatedFile,
  signal: AbortSignal,
  options: DelimitedReadOptions = {},
): Promise<DelimitedTable> {
  const delimiter = detectDelimiter(await readHeaderLine(file), file.format)
  const scanner = new DelimitedScanner({
    delimiter,
    maxRecordBytes: MAX_RECORD_CHARS,
    ...(options.select ? { select: options.select } : {}),
  })
  const input = createReadStream(file.path, { highWaterMark: CHUNK_BYTES, signal })
  const chunks = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  let batch: (readonly unknown[])[] = []
  const sink = (fields: readonly unknown[]) => void batch.push(fields)
  let done = false
  // A malformed record fails the stream after the records before it, as they were read.
  let failure: unknown
  const scanMore = async () => {
    try {
      done = await scanNext(scanner, chunks, sink, file)
    } catch (error) {
      failure = error
      done = true
    }
  }
  while (scanner.header === undefined && !done) await scanMore()
  if (scanner.header === undefined && failure !== undefined) {
    input.destroy()
    throw failure
  }
  if (scanner.header === undefined) {
    input.destroy()
    throw dataQualityError(`${file.extract} file ${file.name}: empty file, no header line`)
  }
  async function* batches(): AsyncGenerator<readonly (readonly unknown[])[]> {
    try {
      for (;;) {
        const ready = batch
        batch = []
        if (ready.length > 0) yield ready
        if (failure !== undefined) throw failure
        if (done) return
        await scanMore()
      }
    } finally {
      input.destroy()
    }
  }
  async function* records(): AsyncGenerator<readonly unknown[]> {
    for await (const ready of batches()) for (let index = 0; index < ready.length; index++) yield ready[index] as readonly unknown[]
  }
  return { header: scanner.header, records: records(), batches: batches() }
}

/** Feeds the next chunk (or the end) to the scanner; true once the input is exhausted. */
async function scanNext(
  scanner: DelimitedScanner,
  chunks: AsyncIterator<Buffer>,
  sink: (fields: readonly unknown[]) => void,
  file: LocatedFile,
): Promise<boolean> {
  const next = await chunks.next()
  try {
    if (next.done) scanner.end(sink)
    else scanner.push(next.value, sink)
  } catch (error) {
    throw describeFormatError(error, file)
  }
  return next.done === true
}

function describeFormatError(error: unknown, file: LocatedFile): unknown {
  if (!(error instanceof DelimitedFormatError)) return error
  return dataQualityError(`${file.extract} file ${file.name}, line ${error.line}: ${error.message}`)
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
