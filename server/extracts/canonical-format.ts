/**
 * The canonical CSV format of evidence (SPEC §10): RFC 4180, comma separated, `\n` line ends,
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
