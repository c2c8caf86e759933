import { type Cents, roundHalfAwayFromZero } from './money.ts'

/**
 * A closing rate as LCY per 1 USD, kept as an exact decimal (digits / 10^scale) so that
 * USD = LCY / rate is computed with integers and rounded once, half away from zero.
 */
export type FxRate = { readonly text: string; readonly digits: bigint; readonly scale: number }

/** `null` when the rate is missing, zero, negative or unreadable: a rate never defaults to 1. */
export function fxRateOf(value: unknown): FxRate | null {
  if (value === null || value === undefined) return null
  const text = typeof value === 'number' ? numberText(value) : String(value).trim()
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text)
  if (!match || text === '' || text === '.') return null
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  const digits = BigInt(`${match[1] || '0'}${fraction}`)
  if (digits <= 0n) return null
  return { text: canonicalRateText(match[1] || '0', fraction), digits, scale: fraction.length }
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) return ''
  const text = String(value)
  return /e/i.test(text) ? value.toFixed(12) : text
}

function canonicalRateText(whole: string, fraction: string): string {
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '')
  return fraction ? `${trimmedWhole}.${fraction}` : trimmedWhole
}

/** USD cents of an LCY aggregate; `null` when the rate is missing. */
export function lcyToUsd(lcy: Cents, rate: FxRate | null): Cents | null {
  if (rate === null) return null
  const numerator = BigInt(lcy) * 10n ** BigInt(rate.scale)
  return Number(roundHalfAwayFromZero(numerator, rate.digits)) as Cents
}
