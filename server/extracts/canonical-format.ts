/**
 * The canonical CSV format of evidence (methodology §10): RFC 4180, comma separated, `\n` line ends,
 * UTF-8 without BOM. A cell is quoted only when it holds a comma, a quote, CR or LF, so the same
 * cells always give the same bytes.
 */
const NEEDS_QUOTES = /[",\r\n]/
const QUOTE = /"/g

export function quoteCell(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(QUOTE, '""')}"` : cell
}

/** One record without its line end. Plain rows (the vast majority) take the `join` path. */
export function formatRecord(cells: readonly string[]): string {
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index] as string
    if (cell.length !== 0 && NEEDS_QUOTES.test(cell)) return cells.map(quoteCell).join(',')
  }
  return cells.join(',')
}

type Utf8Writing = { utf8Write(text: string, offset: number): number }

const COMMA = 0x2c
const LINE_FEED = 0x0a
/** 1 for the UTF-16 units that end the plain-copy path: those needing quotes, and non-ASCII. */
const NOT_PLAIN = new Uint8Array(0x10000)
NOT_PLAIN.fill(1, 0x80)
for (const special of '",\r\n') NOT_PLAIN[special.charCodeAt(0)] = 1

/** Bytes a record can take at most: 3 per UTF-16 unit, 2 quotes a cell, separators, line feed. */
export function worstRecordBytes(cells: readonly string[]): number {
  let units = 0
  for (let index = 0; index < cells.length; index++) units += (cells[index] as string).length
  return units * 3 + cells.length * 3 + 1
}

/**
 * Writes `formatRecord(cells)` and a line feed as UTF-8 straight into `out` at `at` (the caller
 * made room for `worstRecordBytes`); returns the offset after it. ASCII cells are copied code unit
 * by code unit while being checked for characters that need quotes, with no intermediate string;
 * a cell that is not plain ASCII is quoted as `quoteCell` does and goes through Node's encoder.
 */
export function encodeRecord(cells: readonly string[], out: Buffer, at: number): number {
  let cursor = at
  const width = cells.length
  for (let column = 0; column < width; column++) {
    if (column !== 0) out[cursor++] = COMMA
    const cell = cells[column] as string
    const length = cell.length
    let index = 0
    for (; index < length; index++) {
      const unit = cell.charCodeAt(index)
      if (NOT_PLAIN[unit] !== 0) break
      out[cursor + index] = unit
    }
    cursor += index === length ? length : (out as Buffer & Utf8Writing).utf8Write(quoteCell(cell), cursor)
  }
  out[cursor++] = LINE_FEED
  return cursor
}

/** One cell as `encodeRecord` writes it (no separator, no line end); returns the offset after it. */
export function encodeCell(cell: string, out: Buffer, at: number): number {
  const length = cell.length
  let index = 0
  for (; index < length; index++) {
    const unit = cell.charCodeAt(index)
    if (NOT_PLAIN[unit] !== 0) break
    out[at + index] = unit
  }
  return at + (index === length ? length : (out as Buffer & Utf8Writing).utf8Write(quoteCell(cell), at))
}
