/**
 * Finds field boundaries of canonical CSV records in a byte buffer, without making strings: the
 * decoder turns only the fields the reconciliation reads into values. Fresh strings are made per
 * field later, so no value keeps a whole read buffer alive (V8 substrings would).
 */
export type FieldBounds = {
  /** Byte offsets of each field; a quoted field includes its quotes. */
  readonly starts: Int32Array
  readonly ends: Int32Array
  count: number
  /** Line feeds inside quoted fields of the last record, to keep line numbers right. */
  innerLines: number
  /**
   * A reader that decodes only the first fields of each record sets how many (0: all). A record
   * without quotes is then scanned up to them and the rest of its line is only searched for a quote.
   */
  needed: number
  /** Every field of the last record was scanned (false: it stopped after `needed`). */
  complete: boolean
  /** Offset of the line feed that ends the last record when it stopped after `needed`. */
  lineEnd: number
  /**
   * The first quote at or after the last search for one (-1: none in the rest of the buffer,
   * -2: not searched yet). Reset whenever the buffer's bytes change.
   */
  quoteAt: number
}

export const QUOTE = 0x22
const COMMA = 0x2c
const LINE_FEED = 0x0a

/** Why a record is malformed; the reader adds the file and line. */
export class RecordFormatError extends Error {}

export function fieldBounds(capacity: number): FieldBounds {
  return {
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    count: 0,
    innerLines: 0,
    needed: 0,
    complete: true,
    lineEnd: -1,
    quoteAt: -2,
  }
}

/**
 * Scans the record starting at `position`. Returns the offset after its line feed, or -1 when the
 * buffer ends first (more bytes are needed). Throws `RecordFormatError` for a malformed record or
 * one with more fields than `bounds` holds. Bytes from `end` on are ignored.
 */
export function scanRecord(buffer: Buffer, position: number, end: number, bounds: FieldBounds): number {
  const lineEnd = buffer.indexOf(LINE_FEED, position)
  if (lineEnd < 0 || lineEnd >= end) return scanQuotedRecord(buffer, position, end, bounds)
  // Most records have no quotes: one line, fields split at every comma.
  const { starts, ends } = bounds
  const capacity = starts.length
  let count = 0
  starts[0] = position
  for (let cursor = position; cursor < lineEnd; cursor++) {
    const byte = buffer[cursor]
    if (byte === COMMA) {
      ends[count] = cursor
      count += 1
      if (count === bounds.needed) return skipRestOfLine(buffer, position, end, cursor, lineEnd, bounds)
      if (count === capacity) throw tooManyFields(capacity)
      starts[count] = cursor + 1
    } else if (byte === QUOTE) return scanQuotedRecord(buffer, position, end, bounds)
  }
  ends[count] = lineEnd
  bounds.count = count + 1
  bounds.innerLines = 0
  bounds.complete = true
  return lineEnd + 1
}

/**
 * The needed fields end at `cursor`: the record ends at `lineEnd` unless a quote comes first (a
 * quoted field may hold a line feed), in which case it is scanned in full. The quote search is
 * remembered, so a buffer without quotes is searched once, not once per record.
 */
function skipRestOfLine(buffer: Buffer, position: number, end: number, cursor: number, lineEnd: number, bounds: FieldBounds): number {
  if (bounds.quoteAt !== -1 && bounds.quoteAt < cursor) bounds.quoteAt = buffer.indexOf(QUOTE, cursor)
  if (bounds.quoteAt !== -1 && bounds.quoteAt < lineEnd) return scanQuotedRecord(buffer, position, end, bounds)
  bounds.count = bounds.needed
  bounds.innerLines = 0
  bounds.complete = false
  bounds.lineEnd = lineEnd
  return lineEnd + 1
}

/**
 * Splits the rest of a record that stopped after `needed` fields, when the reader wants all of
 * them after all (a filter on a leading field kept it). That rest holds no quote.
 */
export function scanRestOfRecord(buffer: Buffer, bounds: FieldBounds): void {
  const { starts, ends, lineEnd } = bounds
  const capacity = starts.length
  let count = bounds.count
  starts[count] = (ends[count - 1] as number) + 1
  for (let cursor = starts[count] as number; cursor < lineEnd; cursor++) {
    if (buffer[cursor] !== COMMA) continue
    ends[count] = cursor
    count += 1
    if (count === capacity) throw tooManyFields(capacity)
    starts[count] = cursor + 1
  }
  ends[count] = lineEnd
  bounds.count = count + 1
  bounds.complete = true
}

function tooManyFields(capacity: number): RecordFormatError {
  return new RecordFormatError(`more than ${capacity} fields`)
}

/** The general case: quoted fields, which may hold commas, quotes (`""`) and line feeds. */
function scanQuotedRecord(buffer: Buffer, position: number, end: number, bounds: FieldBounds): number {
  const capacity = bounds.starts.length
  let cursor = position
  let count = 0
  bounds.innerLines = 0
  bounds.complete = true
  for (;;) {
    if (count === capacity) throw tooManyFields(capacity)
    bounds.starts[count] = cursor
    cursor = buffer[cursor] === QUOTE ? scanQuoted(buffer, cursor, end, bounds) : scanPlain(buffer, cursor, end)
    if (cursor < 0) return -1
    bounds.ends[count] = cursor
    count += 1
    const next = buffer[cursor]
    if (next === LINE_FEED) {
      bounds.count = count
      return cursor + 1
    }
    if (next !== COMMA) throw new RecordFormatError('a quoted field must be followed by a comma or a line end')
    cursor += 1
  }
}

function scanPlain(buffer: Buffer, start: number, end: number): number {
  for (let cursor = start; cursor < end; cursor++) {
    const byte = buffer[cursor]
    if (byte === COMMA || byte === LINE_FEED) return cursor
    if (byte === QUOTE) throw new RecordFormatError('a quote inside an unquoted field')
  }
  return -1
}

/** Returns the offset after the closing quote; `""` is an escaped quote. */
function scanQuoted(buffer: Buffer, start: number, end: number, bounds: FieldBounds): number {
  for (let cursor = start + 1; cursor < end; cursor++) {
    const byte = buffer[cursor]
    if (byte === LINE_FEED) bounds.innerLines += 1
    else if (byte === QUOTE) {
      if (cursor + 1 >= end) return -1
      if (buffer[cursor + 1] !== QUOTE) return cursor + 1
      cursor += 1
    }
  }
  return -1
}
