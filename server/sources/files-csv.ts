import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { dataQualityError } from '../../shared/errors.ts'
import type { LocatedFile, Table } from './files-table.ts'
import { DelimitedFormatError, DelimitedScanner, type DelimitedScannerOptions, type RecordSink } from './files-scanner.ts'

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
  /** One byte range of the file (from `planByteRanges`): the records it holds, under the file's header. */
  readonly range?: ByteRange
}

/**
 * A part of a delimited file that starts and ends at record boundaries: `[start, end)`. The first
 * range starts at 0 and holds the header; the others are read under `resume`.
 */
export type ByteRange = {
  readonly start: number
  readonly end: number
  readonly resume?: DelimitedScannerOptions['resume']
}

/** A delimited file's table; `batches` gives the same records a chunk at a time (read one or the other). */
export type DelimitedTable = Table & { readonly batches: AsyncIterable<readonly (readonly unknown[])[]> }

export async function openDelimitedTable(
  file: LocatedFile,
  signal: AbortSignal,
  options: DelimitedReadOptions = {},
): Promise<DelimitedTable> {
  const delimiter = detectDelimiter(await readHeaderLine(file), file.format)
  const range = options.range
  const scanner = new DelimitedScanner({
    delimiter,
    maxRecordBytes: MAX_RECORD_CHARS,
    ...(options.select ? { select: options.select } : {}),
    ...(range?.resume ? { resume: range.resume } : {}),
  })
  const input = createReadStream(file.path, {
    highWaterMark: CHUNK_BYTES,
    signal,
    ...(range ? { start: range.start, end: range.end - 1 } : {}),
  })
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

/** The field delimiter of a CSV/TSV file, as its reader will take it. */
export async function fileDelimiter(file: LocatedFile): Promise<string> {
  return detectDelimiter(await readHeaderLine(file), file.format)
}

/** What reads the records of `readDelimitedRecords`: a sink per record, and a wait between chunks. */
export type RecordConsumer = { readonly record: RecordSink; readonly drain: () => Promise<void> | undefined }

/**
 * The records of a file or byte range handed to a sink as the scanner finds them, with their
 * field bounds in the scanner's buffer (valid during the call): for a caller that copies bytes
 * straight from the file. `start` gets the header and delimiter before the first record.
 */
export async function readDelimitedRecords(
  file: LocatedFile,
  signal: AbortSignal,
  options: DelimitedReadOptions,
  start: (header: readonly string[], delimiter: string) => RecordConsumer,
): Promise<void> {
  const delimiter = detectDelimiter(await readHeaderLine(file), file.format)
  const range = options.range
  const scanner = new DelimitedScanner({
    delimiter,
    maxRecordBytes: MAX_RECORD_CHARS,
    bounds: true,
    ...(options.select ? { select: options.select } : {}),
    ...(range?.resume ? { resume: range.resume } : {}),
  })
  let consumer: RecordConsumer | undefined
  const sink: RecordSink = (fields, raw) => {
    consumer ??= start(scanner.header as string[], delimiter)
    consumer.record(fields, raw)
  }
  const input = createReadStream(file.path, {
    highWaterMark: CHUNK_BYTES,
    signal,
    ...(range ? { start: range.start, end: range.end - 1 } : {}),
  })
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      try {
        scanner.push(chunk, sink)
      } catch (error) {
        throw describeFormatError(error, file)
      }
      const drained = consumer?.drain()
      if (drained) await drained
    }
    try {
      scanner.end(sink)
    } catch (error) {
      throw describeFormatError(error, file)
    }
    if (scanner.header === undefined) throw dataQualityError(`${file.extract} file ${file.name}: empty file, no header line`)
    consumer ??= start(scanner.header, delimiter)
    await consumer.drain()
  } finally {
    input.destroy()
  }
}

/** Below this size a file is read in one piece. */
export const MIN_SPLIT_BYTES = 32 << 20
const SCAN_BYTES = 4 << 20
const QUOTE_BYTE = 0x22
const LF_BYTE = 0x0a
const CR_BYTE = 0x0d

/**
 * Cuts a large CSV/TSV file into about `parts` byte ranges of about equal size, each starting right
 * after a record delimiter (LF or CRLF) outside quotes, so that each can be read on its own and
 * their records, in order, are those of the whole file. Where a boundary falls is told by the
 * parity of the quotes before it: exact for any file the reader accepts; a file it would refuse
 * fails in one of the ranges as well. Later ranges count lines from 1 (their `resume.line`): their
 * errors are not the ones to show. Null when the file is smaller than `minBytes`, its header does not end within
 * the first MiB, or its records end with a lone CR.
 */
export async function planByteRanges(
  file: LocatedFile,
  parts: number,
  signal: AbortSignal,
  minBytes = MIN_SPLIT_BYTES,
): Promise<ByteRange[] | null> {
  if (parts < 2 || file.format === 'xlsx') return null
  const handle = await open(file.path, 'r')
  try {
    const { size } = await handle.stat()
    if (size < minBytes) return null
    const head = Buffer.alloc(Math.min(size, MAX_RECORD_CHARS))
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    const delimiter = detectDelimiter(head.toString('utf8', 0, Math.max(0, head.subarray(0, bytesRead).indexOf(LF_BYTE))), file.format)
    const scanner = new DelimitedScanner({ delimiter, maxRecordBytes: MAX_RECORD_CHARS, select: () => [] })
    try {
      scanner.push(head.subarray(0, bytesRead), () => undefined)
    } catch {
      return null
    }
    const header = scanner.header
    const recordDelimiter = scanner.recordDelimiterFound
    if (header === undefined || (recordDelimiter !== '\n' && recordDelimiter !== '\r\n')) return null
    const crlf = recordDelimiter === '\r\n'
    const wanted = Array.from({ length: parts - 1 }, (_, index) => Math.floor(((index + 1) * size) / parts))
    const boundaries: number[] = []
    const buffer = Buffer.allocUnsafe(SCAN_BYTES)
    // Quotes before `offset`, read chunk by chunk up to each boundary.
    let quotes = 0
    let offset = 0
    let previous = -1
    let length = 0
    let base = 0
    for (const target of wanted) {
      let found = -1
      while (found < 0) {
        signal.throwIfAborted()
        if (offset >= base + length) {
          if (base + length >= size) return null
          previous = length > 0 ? (buffer[length - 1] as number) : previous
          base += length
          length = (await handle.read(buffer, 0, SCAN_BYTES, base)).bytesRead
          if (length === 0) return null
        }
        const end = base + length
        if (offset < target) {
          // Count quotes up to the target (or the end of this chunk).
          const stop = Math.min(target, end)
          for (let at = buffer.indexOf(QUOTE_BYTE, offset - base); at >= 0 && at < stop - base; at = buffer.indexOf(QUOTE_BYTE, at + 1)) {
            quotes += 1
          }
          offset = stop
          continue
        }
        // From the target on: the first line feed outside quotes that ends a record.
        const lineFeed = buffer.indexOf(LF_BYTE, offset - base)
        const stop = lineFeed < 0 || lineFeed >= length ? end : base + lineFeed
        for (let at = buffer.indexOf(QUOTE_BYTE, offset - base); at >= 0 && at < stop - base; at = buffer.indexOf(QUOTE_BYTE, at + 1)) {
          quotes += 1
        }
        offset = stop
        if (stop === end) continue
        const before = lineFeed > 0 ? (buffer[lineFeed - 1] as number) : previous
        offset = stop + 1
        if (quotes % 2 === 0 && (!crlf || before === CR_BYTE)) found = offset
      }
      if (found >= size) break
      boundaries.push(found)
    }
    const cuts = [0, ...boundaries, size]
    const ranges: ByteRange[] = []
    for (let index = 0; index + 1 < cuts.length; index++) {
      const start = cuts[index] as number
      const end = cuts[index + 1] as number
      if (end <= start) continue
      ranges.push(index === 0 ? { start, end } : { start, end, resume: { header, recordDelimiter, line: 1 } })
    }
    return ranges.length > 1 ? ranges : null
  } finally {
    await handle.close()
  }
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
