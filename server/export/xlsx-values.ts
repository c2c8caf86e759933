import { type CellValue, type ColumnFormat, isFormula } from '../../shared/sheets/model.ts'
import { xmlSafeText } from '../../shared/xml-text.ts'

/** Excel's limit on the characters of one cell. */
const MAX_CELL_TEXT = 32_767

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/

/** An ISO date or date-time read as UTC, so the serial Excel stores is the calendar value shown. */
export function isoToDate(text: string): Date | null {
  const match = ISO_DATE_TIME.exec(text)
  if (match === null) return null
  const [, y, mo, d, h, mi, s] = match
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0))
  return Number.isNaN(time) ? null : new Date(time)
}

/** Text that a spreadsheet would take for a formula if typed (CSV/DDE injection). */
export function looksLikeFormula(text: string): boolean {
  const first = text.charCodeAt(0)
  // = + - @
  return first === 61 || first === 43 || first === 45 || first === 64
}

export type XlsxFormula = { readonly formula: string; readonly result?: string | number }
export type XlsxValue = string | number | boolean | Date | null | XlsxFormula

/**
 * The value exceljs writes: dates become Date objects; a formula keeps the server's figure as its
 * cached result, so a viewer that does not recalculate shows it; everything else is kept as it is.
 */
export function xlsxValue(value: CellValue, format: ColumnFormat): XlsxValue {
  if (isFormula(value)) return value.result === null ? { formula: value.formula } : { formula: value.formula, result: value.result }
  if (typeof value !== 'string') return value
  if (format === 'date' || format === 'datetime') return isoToDate(value) ?? value
  const text = xmlSafeText(value)
  return text.length > MAX_CELL_TEXT ? text.slice(0, MAX_CELL_TEXT) : text
}
