import { type Cents, centsToDecimal, parseCentsValue } from '../money.ts'

/**
 * Column kinds and their value parsers. Each parser accepts what a source may emit (CSV text,
 * driver values, xlsx cells) and returns the typed value, `null` for empty, or a failure reason.
 * `format` gives the canonical text written to evidence CSV; parsing it gives the value back.
 */
export type KindValue = {
  text: string
  int: number
  number: number
  money: Cents
  decimal: string
  date: string
  datetime: string
  bool: boolean
}
export type ColumnKind = keyof KindValue

export type Parsed<T> = { ok: true; value: T | null } | { ok: false; reason: string }

type KindCodec<T> = { parse: (raw: unknown) => Parsed<T>; format: (value: T) => string }

const EMPTY = { ok: true, value: null } as const

function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')
}

const text: KindCodec<string> = {
  parse: (raw) => {
    if (raw === null || raw === undefined) return EMPTY
    if (raw instanceof Date) return datetime.parse(raw)
    const value = typeof raw === 'string' ? raw : String(raw)
    return value === '' ? EMPTY : { ok: true, value }
  },
  format: (value) => value,
}

const INT = /^[+-]?\d+(?:\.0+)?$/
const int: KindCodec<number> = {
  parse: (raw) => {
    if (isBlank(raw)) return EMPTY
    if (typeof raw === 'boolean') return { ok: true, value: raw ? 1 : 0 }
    const value = typeof raw === 'number' ? raw : INT.test(String(raw).trim()) ? Number(String(raw).trim()) : NaN
    return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, reason: `not an integer: "${String(raw)}"` }
  },
  format: (value) => String(value),
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i
const number: KindCodec<number> = {
  parse: (raw) => {
    if (isBlank(raw)) return EMPTY
    const value = typeof raw === 'number' ? raw : NUMBER.test(String(raw).trim()) ? Number(String(raw).trim()) : NaN
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: `not a number: "${String(raw)}"` }
  },
  format: (value) => String(value),
}

const money: KindCodec<Cents> = {
  parse: (raw) => {
    const parsed = parseCentsValue(raw)
    return parsed.ok ? { ok: true, value: parsed.cents } : parsed
  },
  format: centsToDecimal,
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/
const decimal: KindCodec<string> = {
  parse: (raw) => {
    if (isBlank(raw)) return EMPTY
    const value = typeof raw === 'number' ? numberToDecimalText(raw) : String(raw).trim()
    return DECIMAL.test(value) ? { ok: true, value: canonicalDecimal(value) } : { ok: false, reason: `not a decimal: "${String(raw)}"` }
  },
  format: (value) => value,
}

function numberToDecimalText(value: number): string {
  const textValue = String(value)
  return /e/i.test(textValue) ? value.toFixed(12) : textValue
}

function canonicalDecimal(value: string): string {
  const negative = value.startsWith('-')
  const unsigned = value.replace(/^[+-]/, '')
  const [whole = '', fraction = ''] = unsigned.split('.')
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '') || '0'
  const trimmedFraction = fraction.replace(/0+$/, '')
  const body = trimmedFraction ? `${trimmedWhole}.${trimmedFraction}` : trimmedWhole
  return negative && body !== '0' ? `-${body}` : body
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|[+-]00:?00)?$/
const DMY_SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return day <= (days[month - 1] ?? 0)
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0')
}

/** Driver and xlsx dates are read as UTC wall-clock time (the driver's `useUTC` default). */
function dateParts(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

function timeParts(date: Date): string {
  const ms = date.getUTCMilliseconds()
  const base = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  return ms ? `${base}.${pad(ms, 3)}` : base
}

const date: KindCodec<string> = {
  parse: (raw) => {
    if (isBlank(raw)) return EMPTY
    if (raw instanceof Date)
      return Number.isNaN(raw.getTime()) ? { ok: false, reason: 'invalid date' } : { ok: true, value: dateParts(raw) }
    const value = String(raw).trim()
    const iso = ISO_DATE.exec(value) ?? ISO_DATETIME.exec(value)
    if (iso && validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) return { ok: true, value: value.slice(0, 10) }
    return { ok: false, reason: `not a date (YYYY-MM-DD): "${value}"` }
  },
  format: (value) => value,
}

const datetime: KindCodec<string> = {
  parse: (raw) => {
    if (isBlank(raw)) return EMPTY
    if (raw instanceof Date) {
      if (Number.isNaN(raw.getTime())) return { ok: false, reason: 'invalid date-time' }
      return { ok: true, value: `${dateParts(raw)}T${timeParts(raw)}` }
    }
    const value = String(raw).trim()
    if (ISO_DATE.test(value))
      return date.parse(value).ok ? { ok: true, value: `${value}T00:00:00` } : { ok: false, reason: `not a date-time: "${value}"` }
    const match = ISO_DATETIME.exec(value)
    if (!match || !validDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
      const dmy = DMY_SLASH.exec(value)
      if (dmy) return { ok: false, reason: `ambiguous date "${value}": use YYYY-MM-DD` }
      return { ok: false, reason: `not a date-time (YYYY-MM-DD HH:MM:SS): "${value}"` }
    }
    const fraction = (match[7] ?? '').slice(0, 3).replace(/0+$/, '')
    const seconds = match[6] ?? '00'
    return { ok: true, value: `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${seconds}${fraction ? `.${fraction}` : ''}` }
  },
  format: (value) => value,
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', '1.0'])
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', '0.0'])
const bool: KindCodec<boolean> = {
  parse: (raw) => {
    if (isBlank(raw)) return EMPTY
    if (typeof raw === 'boolean') return { ok: true, value: raw }
    const value = String(raw).trim().toLowerCase()
    if (TRUE_WORDS.has(value)) return { ok: true, value: true }
    if (FALSE_WORDS.has(value)) return { ok: true, value: false }
    return { ok: false, reason: `not a boolean (0/1/true/false): "${String(raw)}"` }
  },
  format: (value) => (value ? '1' : '0'),
}

export const KINDS: { readonly [K in ColumnKind]: KindCodec<KindValue[K]> } = {
  text,
  int,
  number,
  money,
  decimal,
  date,
  datetime,
  bool,
}

export function parseValue<K extends ColumnKind>(kind: K, raw: unknown): Parsed<KindValue[K]> {
  return KINDS[kind].parse(raw) as Parsed<KindValue[K]>
}

export function formatValue<K extends ColumnKind>(kind: K, value: KindValue[K] | null): string {
  return value === null ? '' : (KINDS[kind].format as (v: KindValue[K]) => string)(value)
}
