import type { RunResult } from '../result/types.ts'
import type { PrintSetup, Sheet, SheetRow } from './model.ts'

const MAX_SCOPE = 60

/** The page header of every sheet: the entities in scope, the period and the run. */
export function printSetup(result: RunResult): PrintSetup {
  const codes = result.entities.map((e) => e.companyCode)
  const listed = `Entities: ${codes.join(', ')}`
  return {
    scope: listed.length <= MAX_SCOPE ? listed : `${codes.length} entities`,
    period: `C-PG-1 ${result.period.period}`,
    runId: `Run ${result.runId}`,
  }
}

/**
 * The widest table, in characters, that still prints one page wide on A4 landscape at about 70 %
 * with narrow margins. Summary and Variance are designed to fit it; a wider sheet prints at 70 % over
 * several pages across, its first two columns repeated, rather than shrunk to an unreadable scale.
 */
export const ONE_PAGE_WIDE_CHARACTERS = 205
export const SPLIT_SCALE = 70
/** Margins in inches: narrow at the sides, room for the page header and footer. */
export const PRINT_MARGINS = { left: 0.3, right: 0.3, top: 0.7, bottom: 0.6, header: 0.3, footer: 0.3 } as const

export function printedWidth(sheet: Pick<Sheet, 'columns'>): number {
  return sheet.columns.reduce((sum, column) => sum + (column.hidden === true ? 0 : column.width), 0)
}

export function fitsOnePageWide(sheet: Pick<Sheet, 'columns'>): boolean {
  return printedWidth(sheet) <= ONE_PAGE_WIDE_CHARACTERS
}

/** Header: scope left, period centre, run right. Footer: sheet name left, "Page x of y" right. */
export const PAGE_FOOTER = { left: '&A', right: 'Page &P of &N' } as const

/** `&` starts a code in header and footer text; a literal one is doubled. */
export function headerText(text: string): string {
  return text.replace(/&/g, '&&')
}

/** Points per printed line of the body font (Calibri 11): the default row height. */
export const LINE_HEIGHT_POINTS = 15

const SPACE = 0x20
const LINE_FEED = 0x0a

/**
 * Lines a text takes when wrapped at `width` characters, breaking between words (at each space;
 * a line feed starts a new paragraph). One pass over the text, no substrings: it runs for every
 * wrapped cell of a sheet of hundreds of thousands of rows.
 */
export function wrappedLines(text: string, width: number): number {
  const capacity = Math.max(1, Math.floor(width * 1.1))
  let lines = 1
  let used = 0
  let start = 0
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : LINE_FEED
    if (code !== SPACE && code !== LINE_FEED) continue
    const length = index - start
    start = index + 1
    if (used === 0) used = length
    else if (used + 1 + length <= capacity) used += 1 + length
    else {
      lines += 1
      used = length
    }
    while (used > capacity) {
      lines += 1
      used -= capacity
    }
    if (code === LINE_FEED && index < text.length) {
      lines += 1
      used = 0
    }
  }
  return lines
}

/**
 * The height a row needs for its wrapped cells, in points; null when one line is enough. Written
 * explicitly because not every spreadsheet (LibreOffice among them) sizes rows of a generated file.
 */
export function rowHeight(columns: Sheet['columns'], cells: readonly unknown[], style: SheetRow['style'] = 'normal'): number | null {
  if (style === 'section') return null
  let lines = 1
  columns.forEach((column, i) => {
    const value = cells[i]
    if (column.wrap !== true || typeof value !== 'string' || value.length <= column.width) return
    lines = Math.max(lines, wrappedLines(value, column.width))
  })
  return lines === 1 ? null : lines * LINE_HEIGHT_POINTS
}
