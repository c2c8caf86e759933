/**
 * A byte-level reader of delimited text (CSV, TSV) over `Buffer` chunks, synchronous and without
 * shared state, so any thread can run one per file or byte range. It reads exactly as `csv-parse`
 * did with `{ delimiter, bom: true, skip_empty_lines: true, max_record_size }` (same records, same
 * error messages and line numbers): RFC 4180 quotes with doubled quotes and line breaks inside
 * them; the record delimiter is the first CRLF, LF or CR found outside quotes and only that
 * sequence ends records afterwards (another line break is data); a UTF-8 BOM is skipped; wholly
 * empty lines are skipped; every record has as many fields as the header.
 *
 * Only the fields a caller selects are turned into strings; the others come out `undefined`.
 *
 *   const scanner = new DelimitedScanner({ delimiter: ',', select: (header) => [0, 4, 16] })
 *   for (const chunk of chunks) scanner.push(chunk, (fields) => …)
 *   scanner.end((fields) => …)   // throws DelimitedFormatError with the line
 */
export type DelimitedScannerOptions = {
  /** `,`, `;` or `\t` (any single-byte character). */
  readonly delimiter: string
  /** Longest record in bytes of field content (default 1 MiB). */
  readonly maxRecordBytes?: number
  /** Positions of the fields to decode in every data record, given the header; all when absent. */
  readonly select?: (header: readonly string[]) => Iterable<number> | undefined
  /**
   * For a part of a file that starts at a record boundary after the header (one byte range of a
   * split file): the file's header (the bytes hold data records only), the record delimiter found
   * at the file's start (`recordDelimiter` of the scanner that read it) and the line number of the
   * part's first byte, so that records and error lines are those of the whole file.
   */
  readonly resume?: { readonly header: readonly string[]; readonly recordDelimiter: RecordDelimiter; readonly line: number }
  /** Hand each data record's field bounds to the sink too (`RawRecord`). */
  readonly bounds?: boolean
}

/**
 * Where a data record's fields are in the scanner's buffer: bytes `[starts[i], ends[i])` of field
 * i as the file holds them (a quoted field with its quotes). Valid only during the sink's call.
 * `plain` is true when no field is quoted and no line break is data: each field's bytes are then
 * its text's UTF-8 bytes.
 */
export type RawRecord = {
  buffer: Buffer
  readonly starts: Int32Array
  readonly ends: Int32Array
  /** Offset of a quoted field's closing quote; -1 for a field without quotes. */
  readonly quoteEnds: Int32Array
  plain: boolean
}

/** A field's text from its bytes, exactly as the scanner would have decoded it. */
export function rawFieldText(raw: RawRecord, index: number): string {
  const { buffer } = raw
  const start = raw.starts[index] as number
  const end = raw.ends[index] as number
  const quoteEnd = raw.quoteEnds[index] as number
  if (quoteEnd < 0) return start === end ? '' : utf8(buffer, start, end)
  const tail = end > quoteEnd + 1 ? utf8(buffer, quoteEnd + 1, end) : ''
  return utf8(buffer, start + 1, quoteEnd).replaceAll('""', '"') + tail
}

/** The sequence that ends records, found at the first line break outside quotes. */
export type RecordDelimiter = '\n' | '\r\n' | '\r' | null

/** Receives each data record in order: a fresh array, `undefined` where a field is not selected. */
export type RecordSink = (fields: (string | undefined)[], raw?: RawRecord) => void

/** A malformed record; `message` is the text `csv-parse` gave, `line` its line number. */
export class DelimitedFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message)
    this.name = 'DelimitedFormatError'
  }
}

export const DEFAULT_MAX_RECORD_BYTES = 1 << 20

const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d
/** Record delimiter not yet seen. */
const UNKNOWN = 0
const CRLF = 2

const DELIMITER_CODES = { '\n': LF, '\r\n': CRLF, '\r': CR } as const

/** Byte classes of the plain-field loop: 0 is an ordinary byte. */
const ORDINARY = 0
const IS_DELIMITER = 1
const IS_QUOTE = 2
const IS_BREAK = 3

/** A short value is compared with the column's previous one before a new string is made. */
const MAX_CACHED_BYTES = 32
const CACHE_SAMPLE = 1024

type Utf8Slicing = { utf8Slice(start: number, end: number): string }

/** One column's previous short value, reused while the bytes repeat (company, dates, accounts). */
class ColumnCache {
  private readonly bytes = Buffer.alloc(MAX_CACHED_BYTES)
  private length = -1
  private text = ''
  private lookups = 0
  private hits = 0

  decode(buffer: Buffer, start: number, end: number): string {
    const length = end - start
    if (length > MAX_CACHED_BYTES || (this.lookups === CACHE_SAMPLE && this.hits * 4 < CACHE_SAMPLE)) {
      return (buffer as Buffer & Utf8Slicing).utf8Slice(start, end)
    }
    if (this.lookups < CACHE_SAMPLE) this.lookups += 1
    if (length === this.length) {
      const bytes = this.bytes
      let same = true
      for (let index = 0; index < length; index++) {
        if (buffer[start + index] !== bytes[index]) {
          same = false
          break
        }
      }
      if (same) {
        this.hits += 1
        return this.text
      }
    }
    this.text = (buffer as Buffer & Utf8Slicing).utf8Slice(start, end)
    this.length = length
    const bytes = this.bytes
    for (let index = 0; index < length; index++) bytes[index] = buffer[start + index] as number
    return this.text
  }
}

/** How a scan of one record ended short of a record. */
const NEED_MORE = -1
const END_OF_INPUT = -2

export class DelimitedScanner {
  /** The header record, once read. */
  header: string[] | undefined
  private readonly delimiter: number
  private readonly maxRecordBytes: number
  private readonly select: DelimitedScannerOptions['select']
  private readonly withBounds: boolean
  private raw: RawRecord | undefined
  private readonly classes = new Uint8Array(256)
  /** Selected positions (all while reading the header). */
  private wanted: Uint8Array = new Uint8Array(0)
  private caches: ColumnCache[] = []
  private expectedFields = -1
  private recordDelimiter = UNKNOWN
  /** Line breaks counted so far, as `csv-parse` counts them (1 + this is the current line). */
  private breaks = 0
  private rest: Buffer | undefined
  private started = false
  private ended = false
  // Per-record scratch, reset by scanRecord.
  private fieldCount = 0
  private fields: (string | undefined)[] = []
  private recordBreaks = 0
  private recordDelimiterSeen = UNKNOWN
  private contentBytes = 0
  /** Line of the record delimiter that ended the last record (or of the end of input). */
  private recordEndLine = 1

  constructor(options: DelimitedScannerOptions) {
    if (options.delimiter.length !== 1 || options.delimiter.charCodeAt(0) > 0x7f) {
      throw new RangeError(`delimiter must be one ASCII character, got ${JSON.stringify(options.delimiter)}`)
    }
    this.delimiter = options.delimiter.charCodeAt(0)
    this.maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES
    this.select = options.select
    this.withBounds = options.bounds === true
    const resume = options.resume
    if (resume !== undefined) {
      this.started = true
      this.breaks = resume.line - 1
      this.recordDelimiter = resume.recordDelimiter === null ? UNKNOWN : DELIMITER_CODES[resume.recordDelimiter]
      this.header = [...resume.header]
      this.expectedFields = resume.header.length
      this.choose(resume.header)
    }
    this.classes[this.delimiter] = IS_DELIMITER
    this.classes[QUOTE] = IS_QUOTE
    this.classes[LF] = IS_BREAK
    this.classes[CR] = IS_BREAK
  }

  /** The line `csv-parse` would name for an error at the current position. */
  get line(): number {
    return this.breaks + 1
  }

  /** The record delimiter found so far (null before the first line break outside quotes). */
  get recordDelimiterFound(): RecordDelimiter {
    return this.recordDelimiter === CRLF ? '\r\n' : this.recordDelimiter === LF ? '\n' : this.recordDelimiter === CR ? '\r' : null
  }

  /** Reads every complete record of `chunk` (after what was left of the previous one). */
  push(chunk: Buffer, onRecord: RecordSink): void {
    if (this.ended) throw new Error('push after end')
    let buffer = this.rest === undefined || this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk])
    this.rest = undefined
    if (!this.started) {
      if (buffer.length < 3) {
        this.rest = buffer
        return
      }
      buffer = this.skipBom(buffer)
    }
    const stop = this.scan(buffer, false, onRecord)
    this.rest = stop < buffer.length ? buffer.subarray(stop) : undefined
    if (this.rest !== undefined && this.rest.length > this.maxRecordBytes * 3 + 16) {
      throw this.tooLong(this.line + this.recordBreaks)
    }
  }

  /** Reads the last record; afterwards `header` is set unless the input was empty. */
  end(onRecord: RecordSink): void {
    if (this.ended) return
    this.ended = true
    let buffer = this.rest ?? Buffer.alloc(0)
    this.rest = undefined
    if (!this.started) buffer = this.skipBom(buffer)
    this.scan(buffer, true, onRecord)
  }

  private skipBom(buffer: Buffer): Buffer {
    this.started = true
    return buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? buffer.subarray(3) : buffer
  }

  private scan(buffer: Buffer, final: boolean, onRecord: RecordSink): number {
    let position = 0
    for (;;) {
      const next = this.scanRecord(buffer, position, final)
      if (next === NEED_MORE) return position
      if (next === END_OF_INPUT) return buffer.length
      position = next
      if (this.fieldCount === 0) continue // an empty line
      this.finishRecord(onRecord, buffer)
    }
  }

  private finishRecord(onRecord: RecordSink, buffer: Buffer): void {
    const count = this.fieldCount
    if (this.header === undefined) {
      const header = this.fields.slice(0, count) as string[]
      this.header = header
      this.expectedFields = count
      this.choose(header)
      return
    }
    if (count !== this.expectedFields) {
      const line = this.recordEndLine
      throw new DelimitedFormatError(`Invalid Record Length: expect ${this.expectedFields}, got ${count} on line ${line}`, line)
    }
    if (this.contentBytes > this.maxRecordBytes + 1) {
      throw this.tooLong(this.recordEndLine)
    }
    const raw = this.raw
    if (raw === undefined) onRecord(this.fields)
    else {
      raw.buffer = buffer
      if (this.recordBreaks > 0) raw.plain = false
      onRecord(this.fields, raw)
    }
  }

  private choose(header: readonly string[]): void {
    const wanted = new Uint8Array(header.length)
    const chosen = this.select?.(header)
    if (chosen === undefined) wanted.fill(1)
    else for (const position of chosen) if (position >= 0 && position < wanted.length) wanted[position] = 1
    this.wanted = wanted
    this.caches = Array.from({ length: header.length }, () => new ColumnCache())
    if (this.withBounds) {
      const size = header.length
      this.raw = {
        buffer: Buffer.alloc(0),
        starts: new Int32Array(size),
        ends: new Int32Array(size),
        quoteEnds: new Int32Array(size),
        plain: true,
      }
    }
  }

  private tooLong(line: number): DelimitedFormatError {
    return new DelimitedFormatError(
      `Max Record Size: record exceed the maximum number of tolerated bytes of ${this.maxRecordBytes} at line ${line}`,
      line,
    )
  }

  /**
   * Scans one record from `start`. Returns the offset after its record delimiter, NEED_MORE when the
   * buffer ends inside it (and more input follows), or END_OF_INPUT. An empty line returns its end
   * with `fieldCount` 0. Line breaks and the record delimiter are committed only for a whole record.
   */
  private scanRecord(buffer: Buffer, start: number, final: boolean): number {
    const end = buffer.length
    const delimiter = this.delimiter
    const classes = this.classes
    const reading = this.header !== undefined
    const wanted = this.wanted
    this.fieldCount = 0
    this.fields = reading ? new Array<string | undefined>(this.expectedFields) : []
    this.recordBreaks = 0
    this.recordDelimiterSeen = this.recordDelimiter
    this.contentBytes = 0
    if (this.raw !== undefined) this.raw.plain = true
    let cursor = start
    for (;;) {
      // One field from `cursor`.
      const fieldStart = cursor
      let quotedEnd = -1
      let escapes = false
      if (cursor >= end) {
        if (!final) return NEED_MORE
        if (this.fieldCount === 0) return END_OF_INPUT
        this.addField(buffer, fieldStart, fieldStart, -1, false, reading, wanted)
        return this.closeAtEnd(buffer, end)
      }
      if (buffer[cursor] === QUOTE) {
        cursor += 1
        for (;;) {
          if (cursor >= end) {
            if (!final) return NEED_MORE
            const line = this.endLine(buffer, end)
            throw new DelimitedFormatError(`Quote Not Closed: the parsing is finished with an opening quote at line ${line}`, line)
          }
          const byte = buffer[cursor] as number
          if (byte === QUOTE) {
            if (cursor + 1 >= end) {
              if (!final) return NEED_MORE
              quotedEnd = cursor
              cursor += 1
              break
            }
            const after = buffer[cursor + 1] as number
            if (after === QUOTE) {
              escapes = true
              cursor += 2
              continue
            }
            if (after === CR && !final && cursor + 2 >= end) return NEED_MORE
            if (after === 0 || after === delimiter || this.isRecordDelimiterAhead(buffer, cursor + 1, end)) {
              quotedEnd = cursor
              cursor += 1
              break
            }
            const line = this.line + this.recordBreaks
            throw new DelimitedFormatError(
              `Invalid Closing Quote: got "${String.fromCharCode(after)}" at line ${line} instead of delimiter, record delimiter, trimable character (if activated) or comment`,
              line,
            )
          }
          if (byte === LF || byte === CR) this.recordBreaks += 1
          cursor += 1
        }
      }
      // The plain part: a whole unquoted field, or what follows a closing quote (only a NUL may).
      const plainStart = cursor
      for (;;) {
        if (cursor >= end) {
          if (!final) return NEED_MORE
          this.addField(buffer, fieldStart, plainStart, quotedEnd, escapes, reading, wanted, end)
          return this.closeAtEnd(buffer, end)
        }
        const byte = buffer[cursor] as number
        const kind = classes[byte]
        if (kind === ORDINARY) {
          cursor += 1
          continue
        }
        if (kind === IS_DELIMITER) {
          this.addField(buffer, fieldStart, plainStart, quotedEnd, escapes, reading, wanted, cursor)
          cursor += 1
          break
        }
        if (kind === IS_QUOTE) {
          // A quote inside a field that already has content (an empty one opened a quoted field).
          const value = this.partialValue(buffer, fieldStart, plainStart, quotedEnd, escapes, cursor)
          const bom = value === '\uFEFF' ? ' (utf8 bom)' : ''
          const line = this.line + this.recordBreaks
          throw new DelimitedFormatError(
            `Invalid Opening Quote: a quote is found on field ${this.fieldCount} at line ${line}, value is ${JSON.stringify(value)}${bom}`,
            line,
          )
        }
        // CR or LF: the record delimiter (discovered by the first one outside quotes), or data.
        let length = this.recordDelimiterLength(buffer, cursor, end)
        if (length < 0) {
          if (!final) return NEED_MORE
          length = this.recordDelimiterLength(buffer, cursor, end, true)
        }
        if (length === 0) {
          this.recordBreaks += 1
          cursor += 1
          continue
        }
        if (this.fieldCount === 0 && cursor === fieldStart && quotedEnd < 0) {
          // A wholly empty line: skipped, but counted.
          this.commit(1)
          return cursor + length
        }
        this.addField(buffer, fieldStart, plainStart, quotedEnd, escapes, reading, wanted, cursor)
        this.recordEndLine = this.line + this.recordBreaks
        this.commit(1)
        return cursor + length
      }
    }
  }

  /** The record at the end of input without a final line break. */
  private closeAtEnd(buffer: Buffer, end: number): number {
    this.recordEndLine = this.endLine(buffer, end)
    this.commit(0)
    return end
  }

  /** csv-parse counts a line break at the end of input only once a byte follows it. */
  private endLine(buffer: Buffer, end: number): number {
    const last = end > 0 ? buffer[end - 1] : undefined
    const pending = (last === LF || last === CR) && this.recordBreaks > 0 ? 1 : 0
    return this.line + this.recordBreaks - pending
  }

  private commit(delimiterBreaks: number): void {
    this.breaks += this.recordBreaks + delimiterBreaks
    this.recordDelimiter = this.recordDelimiterSeen
  }

  /**
   * Length of the record delimiter at `at` (a CR or LF byte): 0 when it is data, -1 when the next
   * byte is needed to tell. Discovers the delimiter (CRLF, then LF, then CR) when not yet known.
   */
  private recordDelimiterLength(buffer: Buffer, at: number, end: number, final = false): number {
    const byte = buffer[at]
    const known = this.recordDelimiterSeen
    if (known === UNKNOWN) {
      if (byte === CR) {
        if (at + 1 >= end && !final) return -1
        this.recordDelimiterSeen = buffer[at + 1] === LF ? CRLF : CR
      } else this.recordDelimiterSeen = LF
      return this.recordDelimiterSeen === CRLF ? 2 : 1
    }
    if (known === CRLF) {
      if (byte !== CR) return 0
      if (at + 1 >= end) return final ? 0 : -1
      return buffer[at + 1] === LF ? 2 : 0
    }
    return byte === known ? 1 : 0
  }

  /** Whether a record delimiter starts at `at`, after a closing quote (discovering it if needed). */
  private isRecordDelimiterAhead(buffer: Buffer, at: number, end: number): boolean {
    const byte = buffer[at]
    if (byte !== LF && byte !== CR) return false
    return this.recordDelimiterLength(buffer, at, end, true) > 0
  }

  private addField(
    buffer: Buffer,
    fieldStart: number,
    plainStart: number,
    quotedEnd: number,
    escapes: boolean,
    reading: boolean,
    wanted: Uint8Array,
    plainEnd: number = plainStart,
  ): void {
    const index = this.fieldCount
    this.fieldCount = index + 1
    const quotedBytes = quotedEnd < 0 ? 0 : quotedEnd - fieldStart - 1
    this.contentBytes += quotedBytes + (plainEnd - plainStart)
    const raw = this.raw
    if (raw !== undefined && reading) {
      raw.starts[index] = fieldStart
      raw.ends[index] = plainEnd
      raw.quoteEnds[index] = quotedEnd
      if (quotedEnd >= 0) raw.plain = false
    }
    if (reading) {
      if (wanted[index] !== 1) return
      if (quotedEnd < 0) {
        const cache = this.caches[index]
        this.fields[index] =
          plainEnd === plainStart
            ? ''
            : cache !== undefined
              ? cache.decode(buffer, plainStart, plainEnd)
              : utf8(buffer, plainStart, plainEnd)
        return
      }
    }
    this.fields[index] = this.partialValue(buffer, fieldStart, plainStart, quotedEnd, escapes, plainEnd)
  }

  private partialValue(
    buffer: Buffer,
    fieldStart: number,
    plainStart: number,
    quotedEnd: number,
    escapes: boolean,
    plainEnd: number,
  ): string {
    const tail = plainEnd > plainStart ? utf8(buffer, plainStart, plainEnd) : ''
    if (quotedEnd < 0) return tail
    const quoted = utf8(buffer, fieldStart + 1, quotedEnd)
    return (escapes ? quoted.replaceAll('""', '"') : quoted) + tail
  }
}

function utf8(buffer: Buffer, start: number, end: number): string {
  return (buffer as Buffer & Utf8Slicing).utf8Slice(start, end)
}
