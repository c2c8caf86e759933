import type { RowStyle } from '../../shared/sheets/model.ts'

/** The workpaper look: a dark header, review columns in amber so reviewers see where to type. */
export const STYLE = {
  titleSize: 14,
  preambleColor: '#595959',
  headerFill: '#1F3864',
  headerFont: '#FFFFFF',
  reviewHeaderFill: '#7F6000',
  reviewCellFill: '#FFF8E1',
  alertColor: '#C00000',
} as const

export const ROW_STYLES: Readonly<
  Record<Exclude<RowStyle, 'normal'>, { bold?: boolean; italic?: boolean; fill?: string; color?: string }>
> = {
  total: { bold: true, fill: '#EDEDED' },
  section: { italic: true, color: '#404040', fill: '#F7F7F7' },
  investigate: { fill: '#FCE4D6' },
}

/** Excel column widths are in points; a sheet column's width is in characters of the body font. */
export function widthInPoints(characters: number): number {
  return Math.round(characters * 6 + 6)
}

/**
 * Filtering stays available to reviewers; sorting and row changes do not, since Sync review
 * reads rows in the order they were written.
 */
export const PROTECTION: Excel.WorksheetProtectionOptions = {
  allowAutoFilter: true,
  allowFormatColumns: true,
  allowSort: false,
  allowInsertRows: false,
  allowDeleteRows: false,
  selectionMode: 'Normal',
}
