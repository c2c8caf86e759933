import { type CellValue, type ColumnFormat, isFormula } from '../../shared/sheets/model.ts'
import { xmlSafeText } from '../../shared/xml-text.ts'

/** What `Range.values` receives and returns: Excel has no null, an empty cell is "". */
export type ExcelCell = string | number | boolean

/** Excel reads text starting with these as a formula (`values` docs); NAV descriptions may. */
const FORMULA_START = /^[=+\-@]/
const QUOTE = "'"
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/
const MS_PER_DAY = 86_400_000
/** Day 0 of Excel's 1900 date system (serial 1 = 1900-01-01, past the phantom 29 Feb 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

/** A quote prefix makes Excel store the text as typed, never as a formula. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? QUOTE + text : text
}

/** ISO dates and date-times become Excel serials, shown through the column's date format. */
export function isoToSerial(text: string): number | null {
  const match = ISO_DATE_TIME.exec(text)
  if (!match) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  return Number.isNaN(ms) ? null : (ms - EXCEL_EPOCH_MS) / MS_PER_DAY
}

/**
 * What one model cell becomes in `Range.values`. A formula is written as `=…` (Excel computes it);
 * its sheet references name the final sheets and are re-pointed by `formulaFor` while the sheets
 * are written under temporary names.
 */
export function toExcelCell(value: CellValue, format: ColumnFormat, formulaFor?: (formula: string) => string): ExcelCell {
  if (isFormula(value)) return `=${formulaFor === undefined ? value.formula : formulaFor(value.formula)}`
  if (value === null) return ''
  if (typeof value !== 'string') return value
  if (format === 'date' || format === 'datetime') {
    const serial = isoToSerial(value)
    if (serial !== null) return serial
  }
  return neutralise(xmlSafeText(value))
}

/** Whether a value read back is the one written (Excel drops the quote prefix on entry). */
export function sameCell(read: unknown, written: ExcelCell): boolean {
  if (typeof written === 'string' && written.startsWith(QUOTE)) return read === written.slice(1) || read === written
  if (typeof written === 'number' && typeof read === 'number') return Math.abs(read - written) <= Math.abs(written) * 1e-12
  return read === written
}

/** Text of a cell as a person typed it: our own quote prefix removed, outer spaces trimmed. */
export function cellText(read: unknown): string {
  if (read === null || read === undefined) return ''
  const text = String(read).trim()
  return text.startsWith(QUOTE) && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text
}
