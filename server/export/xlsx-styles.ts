import type { Style } from 'exceljs'
import { NUMBER_FORMATS, type RowStyle, type SheetColumn } from '../../shared/sheets/model.ts'

/**
 * Marks a style whose cells hold text that starts like a formula (`=`, `+`, `-`, `@`): the writer
 * gives its cells Excel's quotePrefix, so editing the cell keeps it text.
 */
export const QUOTE_PREFIX = Symbol('quotePrefix')
export type CellStyle = Partial<Style> & { [QUOTE_PREFIX]?: true }

const ROW_STYLES: readonly RowStyle[] = ['normal', 'total', 'section', 'investigate']

const FILLS: Record<RowStyle, string | null> = {
  normal: null,
  total: 'FFF2F2F2',
  section: 'FFDDEBF7',
  // Excel's own "light red fill" of conditional formatting: reads as "look here".
  investigate: 'FFFFC7CE',
}

function solid(argb: string): Style['fill'] {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } }
}

export const TITLE_STYLE: CellStyle = { font: { bold: true, size: 14 } }
export const PREAMBLE_STYLE: CellStyle = { font: { italic: true, color: { argb: 'FF595959' } } }
/** "NOT SIGNED OFF", a reopened or superseded run: red, bold, impossible to miss on paper. */
export const ALERT_STYLE: CellStyle = { font: { bold: true, color: { argb: 'FFC00000' } } }
export const HEADER_STYLE: CellStyle = {
  font: { bold: true },
  fill: solid('FFD9E1F2'),
  border: { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } },
  alignment: { vertical: 'middle', wrapText: true },
}

/**
 * Every style a sheet's cells can take, built once per sheet so exceljs sees the same objects again
 * and looks their ids up instead of re-serialising a style per cell.
 */
export type StyleTable = {
  cell(column: number, row: RowStyle, editable: boolean, quoted: boolean): CellStyle
}

export function styleTable(columns: readonly SheetColumn[]): StyleTable {
  const table = new Map<RowStyle, CellStyle[][]>()
  for (const rowStyle of ROW_STYLES) {
    table.set(
      rowStyle,
      // variants: 0 locked, 1 editable, 2 locked quoted, 3 editable quoted
      [0, 1, 2, 3].map((variant) => columns.map((c) => cellStyle(c, rowStyle, (variant & 1) === 1, variant >= 2))),
    )
  }
  return {
    cell(column, row, editable, quoted) {
      const variants = table.get(row) ?? []
      return variants[(editable ? 1 : 0) + (quoted ? 2 : 0)]?.[column] ?? {}
    },
  }
}

function cellStyle(column: SheetColumn, row: RowStyle, editable: boolean, quoted: boolean): CellStyle {
  const style: CellStyle = { numFmt: NUMBER_FORMATS[column.format] }
  const fill = FILLS[row]
  if (fill !== null) style.fill = solid(fill)
  if (row === 'total' || row === 'section') style.font = { bold: true }
  // A section row's label runs across the row rather than wrapping in its first column.
  style.alignment = column.wrap === true && row !== 'section' ? { vertical: 'top', wrapText: true } : { vertical: 'top' }
  if (editable) style.protection = { locked: false }
  if (quoted) style[QUOTE_PREFIX] = true
  return style
}
