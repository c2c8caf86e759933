/**
 * What Excel stores when a value is entered into a cell, through `Range.values` or typed by a
 * user: strings are parsed unless the cell is text-formatted (`@`) or quote-prefixed (`'`), so
 * "00123" becomes 123, "2025-09-30" a date serial and "=A1" or "+x" a formula.
 */
export type Scalar = string | number | boolean

export type Entry = { readonly value: Scalar; readonly formula: string | null }

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const FORMULA_START = /^[=+\-@]/
const MS_PER_DAY = 86_400_000
/** Day 0 of Excel's 1900 date system, past the phantom 29 Feb 1900. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30)

export const TEXT_FORMAT = '@'

export function enterValue(input: Scalar, format: string): Entry {
  if (typeof input !== 'string' || input === '') return { value: input, formula: null }
  if (input.startsWith("'")) return { value: input.slice(1), formula: null }
  if (format === TEXT_FORMAT) return { value: input, formula: null }
  if (NUMBER.test(input)) return { value: Number(input), formula: null }
  if (FORMULA_START.test(input)) return { value: '#NAME?', formula: input.startsWith('=') ? input : `=${input}` }
  const upper = input.toUpperCase()
  if (upper === 'TRUE' || upper === 'FALSE') return { value: upper === 'TRUE', formula: null }
  const date = ISO_DATE.exec(input)
  if (date) return { value: (Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) - EXCEL_EPOCH) / MS_PER_DAY, formula: null }
  return { value: input, formula: null }
}
