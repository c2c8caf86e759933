import { KINDS, type ColumnKind, type Parsed } from './values.ts'
import { centsToDecimal, type Cents } from '../money.ts'

/**
 * Column parsers with the results of `KINDS[kind].parse`, plus a fast path for the shapes sources
 * emit most (`-1234.5`, driver integers). The reference money parser goes through BigInt (≈0.3M
 * values/s); ingestion and the compute step parse millions of amounts, so the common shapes are
 * read with integer arithmetic and anything else defers to the reference parser.
 */
export type RawParser = (raw: unknown) => Parsed<unknown>

/** 13 whole digits keep `whole * 100 + cents` below 2^53, so the arithmetic stays exact. */
const MAX_FAST_WHOLE_DIGITS = 13
const FAST_INTEGER_LIMIT = 1e13

const DIGIT_0 = 48
const MINUS = 45
const DOT = 46

/** Cents of `-?\d{1,13}(\.\d{1,2})?`; `undefined` for any other text (left to the reference parser). */
export function plainDecimalCents(text: string): Cents | undefined {
  const length = text.length
  let index = text.charCodeAt(0) === MINUS ? 1 : 0
  const negative = index === 1
  const wholeStart = index
  let whole = 0
  for (; index < length; index++) {
    const digit = text.charCodeAt(index) - DIGIT_0
    if (digit < 0 || digit > 9) break
    whole = whole * 10 + digit
  }
  const wholeDigits = index - wholeStart
  if (wholeDigits === 0 || wholeDigits > MAX_FAST_WHOLE_DIGITS) return undefined
  let fraction = 0
  if (index < length) {
    if (text.charCodeAt(index) !== DOT) return undefined
    const fractionDigits = length - index - 1
    if (fractionDigits < 1 || fractionDigits > 2) return undefined
    const first = text.charCodeAt(index + 1) - DIGIT_0
    const second = fractionDigits === 2 ? text.charCodeAt(index + 2) - DIGIT_0 : 0
    if (first < 0 || first > 9 || second < 0 || second > 9) return undefined
    fraction = first * 10 + second
  }
  const cents = whole * 100 + fraction
  // At most 13 whole digits: always a safe integer, so the brand needs no check here.
  return (negative && cents !== 0 ? -cents : cents) as Cents
}

function fastMoney(raw: unknown): Parsed<unknown> {
  if (typeof raw === 'string') {
    const cents = plainDecimalCents(raw)
    if (cents !== undefined) return { ok: true, value: cents }
  } else if (typeof raw === 'number' && Number.isInteger(raw) && Math.abs(raw) < FAST_INTEGER_LIMIT) {
    return { ok: true, value: raw * 100 + 0 }
  }
  return KINDS.money.parse(raw)
}

/** The parser of a column kind: the reference one, or its fast equivalent for money. */
export function rawParser(kind: ColumnKind): RawParser {
  return kind === 'money' ? fastMoney : (KINDS[kind].parse as RawParser)
}

/** Why a raw value is not a value of its column's kind. */
export class CellFailure {
  constructor(readonly reason: string) {}
}

/**
 * The canonical cell of a raw value, `formatValue(kind, parse(raw))` without the intermediate
 * objects: text arrives as strings and is its own canonical form (empty stays empty); amounts,
 * integers, dates and date-times already in canonical shape are checked by character and kept.
 * Anything else goes through the kind's parser. Returns a `CellFailure` where it gives a reason.
 */
export function canonicalCell(kind: ColumnKind): (raw: unknown) => string | CellFailure {
  const parse = rawParser(kind)
  const format = KINDS[kind].format as (value: unknown) => string
  const general = (raw: unknown): string | CellFailure => {
    const parsed = parse(raw)
    if (!parsed.ok) return new CellFailure(parsed.reason)
    return parsed.value === null ? '' : format(parsed.value)
  }
  switch (kind) {
    case 'text':
      return (raw) => (typeof raw === 'string' ? raw : general(raw))
    case 'money':
      return (raw) => {
        if (typeof raw === 'string' && isCanonicalDecimal(raw)) return raw
        const cents = typeof raw === 'string' ? plainDecimalCents(raw) : undefined
        return cents === undefined ? general(raw) : centsToDecimal(cents)
      }
    case 'int':
      return (raw) => (typeof raw === 'string' && isCanonicalInteger(raw) ? raw : general(raw))
    case 'date':
    case 'datetime':
      return dateCell(kind, general)
    default:
      return general
  }
}

/**
 * `-?(0|[1-9]\d{0,12})\.\d\d` but not `-0.00`: what `centsToDecimal` gives, so the text is its own
 * cell (most amounts of an extract).
 */
function isCanonicalDecimal(text: string): boolean {
  const length = text.length
  const first = text.charCodeAt(0) === MINUS ? 1 : 0
  const dot = length - 3
  const whole = dot - first
  if (whole < 1 || whole > MAX_FAST_WHOLE_DIGITS || text.charCodeAt(dot) !== DOT) return false
  if (whole > 1 && text.charCodeAt(first) === DIGIT_0) return false
  let zero = true
  for (let index = first; index < length; index++) {
    if (index === dot) continue
    const digit = text.charCodeAt(index) - DIGIT_0
    if (digit < 0 || digit > 9) return false
    if (digit !== 0) zero = false
  }
  return !(zero && first === 1)
}

/** `0` or `-?[1-9]\d{0,14}`: what `String(integer)` gives, so the text is its own cell. */
function isCanonicalInteger(text: string): boolean {
  const length = text.length
  const first = text.charCodeAt(0) === MINUS ? 1 : 0
  if (length === first || length - first > 15) return false
  if (text.charCodeAt(first) === DIGIT_0) return length === 1
  for (let index = first; index < length; index++) {
    const digit = text.charCodeAt(index) - DIGIT_0
    if (digit < 0 || digit > 9) return false
  }
  return true
}

/** Distinct calendar days remembered per column; extracts hold a few years of days at most. */
const MAX_REMEMBERED_DAYS = 4096
const DATE_LENGTH = 10
const DATETIME_LENGTH = 19

/**
 * `YYYY-MM-DD` cells, and `YYYY-MM-DD HH:MM:SS` / `…THH:MM:SS` date-times, whose day the
 * reference parser has accepted before: the day's verdict is remembered, the rest is checked by
 * character. A day the parser refuses, and every other shape, goes to the parser.
 */
function dateCell(kind: 'date' | 'datetime', general: (raw: unknown) => string | CellFailure): (raw: unknown) => string | CellFailure {
  const validDays = new Map<string, boolean>()
  const dateParse = KINDS.date.parse
  const validDay = (day: string): boolean => {
    let valid = validDays.get(day)
    if (valid === undefined) {
      const parsed = dateParse(day)
      valid = parsed.ok && parsed.value === day
      if (validDays.size < MAX_REMEMBERED_DAYS) validDays.set(day, valid)
    }
    return valid
  }
  // The last day accepted: most rows of an extract share their day with the previous one.
  let lastDay = ''
  return (raw) => {
    if (typeof raw !== 'string') return general(raw)
    if (kind === 'date' && raw.length === DATE_LENGTH && (raw === lastDay || (isDayShape(raw) && validDay(raw)))) {
      lastDay = raw
      return raw
    }
    if (kind === 'datetime' && raw.length === DATETIME_LENGTH && isDayShape(raw) && isTimeShape(raw)) {
      const known = lastDay !== '' && raw.startsWith(lastDay)
      if (known || validDay(raw.slice(0, DATE_LENGTH))) {
        if (!known) lastDay = raw.slice(0, DATE_LENGTH)
        return raw.charCodeAt(DATE_LENGTH) === LETTER_T ? raw : `${raw.slice(0, DATE_LENGTH)}T${raw.slice(DATE_LENGTH + 1)}`
      }
    }
    return general(raw)
  }
}

const LETTER_T = 84
const SPACE = 32
const COLON = 58

function isDigitAt(text: string, index: number): boolean {
  const digit = text.charCodeAt(index) - DIGIT_0
  return digit >= 0 && digit <= 9
}

/** `dddd-dd-dd` at the start. */
function isDayShape(text: string): boolean {
  return (
    isDigitAt(text, 0) &&
    isDigitAt(text, 1) &&
    isDigitAt(text, 2) &&
    isDigitAt(text, 3) &&
    text.charCodeAt(4) === MINUS &&
    isDigitAt(text, 5) &&
    isDigitAt(text, 6) &&
    text.charCodeAt(7) === MINUS &&
    isDigitAt(text, 8) &&
    isDigitAt(text, 9)
  )
}

/** `[T ]dd:dd:dd` after the day. */
function isTimeShape(text: string): boolean {
  const separator = text.charCodeAt(DATE_LENGTH)
  return (
    (separator === LETTER_T || separator === SPACE) &&
    isDigitAt(text, 11) &&
    isDigitAt(text, 12) &&
    text.charCodeAt(13) === COLON &&
    isDigitAt(text, 14) &&
    isDigitAt(text, 15) &&
    text.charCodeAt(16) === COLON &&
    isDigitAt(text, 17) &&
    isDigitAt(text, 18)
  )
}
