import { TieoutError } from './errors.ts'

/** An ISO calendar date, `YYYY-MM-DD`. Dates are strings: no time zone can shift them. */
export type IsoDate = string

/** Every date a run derives from its month N (methodology §2), computed once and stored on the run. */
export type Period = {
  readonly period: string
  readonly year: number
  readonly month: number
  readonly closingDate: IsoDate
  readonly periodStart: IsoDate
  readonly nextPeriodStart: IsoDate
  readonly yearStart: IsoDate
  readonly timingWindowStart: IsoDate
  readonly fxYear: number
  readonly fxMonth: number
}

const PERIOD_FORM = /^(\d{4})-(\d{2})$/

/** The months Tieout reconciles, 2000-01 to 2099-12: outside them a period is a typing error, not a run to fail. */
const FIRST_YEAR = 2000
const LAST_YEAR = 2099

export function parsePeriod(input: unknown): Period {
  const text = typeof input === 'string' ? input.trim() : ''
  const match = PERIOD_FORM.exec(text)
  const year = Number(match?.[1])
  const month = Number(match?.[2])
  if (!match || month < 1 || month > 12 || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new TieoutError('TIEOUT_ERR_BAD_PERIOD', { value: String(input) })
  }
  return derivePeriod(year, month)
}

export function isPeriod(input: unknown): boolean {
  try {
    parsePeriod(input)
    return true
  } catch {
    return false
  }
}

function derivePeriod(year: number, month: number): Period {
  const next = addMonths(year, month, 1)
  const windowStart = addMonths(next.year, next.month, -12)
  return {
    period: `${year}-${pad2(month)}`,
    year,
    month,
    closingDate: isoDate(year, month, daysInMonth(year, month)),
    periodStart: isoDate(year, month, 1),
    nextPeriodStart: isoDate(next.year, next.month, 1),
    yearStart: isoDate(year, 1, 1),
    timingWindowStart: isoDate(windowStart.year, windowStart.month, 1),
    fxYear: year,
    fxMonth: month,
  }
}

export function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value)
}

/** `YYYYMM` of a period, as IPE_08_USAGE `Delivery_mth` carries it. */
export function yearMonthNumber(year: number, month: number): number {
  return year * 100 + month
}

/**
 * True when an ISO date or date-time lies in [from, toExclusive). ISO text compares in time
 * order, and `2025-09-30T23:59:59` < `2025-10-01`, so an event late on the last day belongs to N.
 */
export function inRange(value: string | null, from: IsoDate, toExclusive: IsoDate): boolean {
  return value !== null && value >= from && value < toExclusive
}
