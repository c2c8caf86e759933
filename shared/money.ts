/**
 * Money as integer minor units (cents). NAV posts two decimals for every currency, so one
 * unit is 1/100 of the currency. Sums of cents are exact while they stay below 2^53
 * (≈ 90 trillion currency units), which `assertSafeCents` guards.
 */
export type Cents = number & { readonly __brand: 'Cents' }

export const CENTS_PER_UNIT = 100

export const ZERO_CENTS = 0 as Cents

/** A literal or counted amount in cents; throws unless it is a safe integer. */
export function cents(value: number): Cents {
  return assertSafeCents(value)
}

// Arithmetic on cents. Each is the plain operator: the brand exists only for the type checker.
export function addCents(a: Cents, b: Cents): Cents {
  return (a + b) as Cents
}

export function subCents(a: Cents, b: Cents): Cents {
  return (a - b) as Cents
}

export function negCents(a: Cents): Cents {
  return -a as Cents
}

/** `sign × a` for a configured integer sign (1, -1, or 0 for not counted). */
export function signedCents(sign: number, a: Cents): Cents {
  return (sign * a) as Cents
}

/** Rounding is named and chosen: the only mode money uses. */
export function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero')
  const negative = numerator < 0n !== denominator < 0n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  const quotient = n / d
  const rounded = (n % d) * 2n >= d ? quotient + 1n : quotient
  return negative ? -rounded : rounded
}

export function assertSafeCents(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount out of exact range: ${value}`)
  return value as Cents
}

// Accepts 1234.56, -1234.56, 1,234.56 (thousands groups), (1234.56) is NOT accepted: NAV never emits it.
const DECIMAL = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/
const EXPONENT = /^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i

export type MoneyParse = { ok: true; cents: Cents | null } | { ok: false; reason: string }

/**
 * Parses one source value into cents. Empty, NULL and whitespace give `null` (never zero).
 * More than two decimals (driver floats such as 12.340000000001) round half away from zero.
 */
export function parseCentsValue(value: unknown): MoneyParse {
  if (value === null || value === undefined) return { ok: true, cents: null }
  if (typeof value === 'number') return parseNumber(value)
  if (typeof value === 'bigint') return { ok: true, cents: assertSafeCents(Number(value * 100n)) }
  if (typeof value !== 'string') return { ok: false, reason: `not a number (${typeof value})` }
  const text = value.trim()
  if (text === '' || text.toUpperCase() === 'NULL') return { ok: true, cents: null }
  if (EXPONENT.test(text)) return parseNumber(Number(text))
  return parseDecimalText(text)
}

function parseNumber(value: number): MoneyParse {
  if (!Number.isFinite(value)) return { ok: false, reason: `not a finite number (${value})` }
  // The shortest round-trip text of a double is the value the driver meant.
  const text = Math.abs(value) < 1e21 ? decimalTextOfNumber(value) : String(value)
  return parseDecimalText(text)
}

function decimalTextOfNumber(value: number): string {
  const text = String(value)
  if (!/e/i.test(text)) return text
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '')
}

function parseDecimalText(text: string): MoneyParse {
  const match = DECIMAL.exec(text)
  if (!match || (match[2] === undefined && match[3] === undefined)) {
    return { ok: false, reason: `not an amount: "${text}"` }
  }
  const sign = match[1] === '-' ? -1n : 1n
  const whole = BigInt((match[2] ?? '0').replace(/,/g, ''))
  const fraction = match[3] ?? ''
  const scale = 10n ** BigInt(fraction.length)
  const scaled = whole * scale + (fraction === '' ? 0n : BigInt(fraction))
  const cents = roundHalfAwayFromZero(sign * scaled * 100n, scale)
  const asNumber = Number(cents)
  if (!Number.isSafeInteger(asNumber)) return { ok: false, reason: `amount too large: "${text}"` }
  return { ok: true, cents: asNumber as Cents }
}

/** Parses or throws a plain Error with the reason; callers add extract, row and column. */
export function parseCents(value: unknown): Cents | null {
  const parsed = parseCentsValue(value)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.cents
}

/** `-1234.5` → "-1234.50": the canonical decimal text used in CSV, JSON and evidence. */
export function centsToDecimal(cents: Cents): string {
  const negative = cents < 0
  const abs = Math.abs(cents)
  const units = Math.floor(abs / CENTS_PER_UNIT)
  const rest = abs % CENTS_PER_UNIT
  return `${negative ? '-' : ''}${units}.${rest < 10 ? '0' : ''}${rest}`
}

/** `-1234567.5` → "-1,234,567.50", for people. */
export function centsToDisplay(cents: Cents): string {
  const decimal = centsToDecimal(cents)
  const [whole = '0', fraction = '00'] = decimal.split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = sign ? whole.slice(1) : whole
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`
}

export function centsToNumber(cents: Cents): number {
  return cents / CENTS_PER_UNIT
}

export function sumCents(values: Iterable<Cents | null>): Cents {
  let total = 0
  for (const value of values) if (value !== null) total += value
  return assertSafeCents(total)
}

export function absCents(cents: Cents): Cents {
  return Math.abs(cents) as Cents
}
