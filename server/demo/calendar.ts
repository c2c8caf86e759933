import { addMonths, type Period } from '../../shared/period.ts'

/**
 * Day arithmetic for the generator without `Date`: a day is an integer (days since 1970-01-01),
 * a month is `year * 12 + month - 1`. Text for every day of the covered range is built once, so
 * rows format dates by table lookup.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function monthIndexOf(year: number, month: number): number {
  return year * 12 + month - 1
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

/** `THH:MM:` for each minute of a day and `SS` for each second: date-time text by concatenation. */
const MINUTE_TEXT: readonly string[] = Array.from({ length: 1440 }, (_, m) => `T${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}:`)
const SECOND_TEXT: readonly string[] = Array.from({ length: 60 }, (_, s) => pad(s, 2))

/** Months covered before and after N: vouchers live up to 36 months back and expire up to 36 ahead. */
const MONTHS_BEFORE = 40
const MONTHS_AFTER = 40

export class DemoCalendar {
  readonly monthN: number
  readonly firstMonth: number
  readonly firstDay: number
  readonly periodStart: number
  readonly nextPeriodStart: number
  readonly closingDay: number
  readonly yearStart: number
  readonly timingWindowStart: number
  private readonly monthStarts: number[] = []
  private readonly dayTexts: string[] = []
  private readonly dayMonths: number[] = []
  private readonly yearMonthTexts: string[] = []

  constructor(period: Period) {
    this.monthN = monthIndexOf(period.year, period.month)
    this.firstMonth = this.monthN - MONTHS_BEFORE
    for (let m = this.firstMonth; m <= this.monthN + MONTHS_AFTER + 1; m++) {
      const year = Math.floor(m / 12)
      this.monthStarts.push(daysFromCivil(year, (m % 12) + 1, 1))
      this.yearMonthTexts.push(`${year}-${(m % 12) + 1}`)
    }
    this.firstDay = this.monthStarts[0] ?? 0
    for (let m = this.firstMonth; m <= this.monthN + MONTHS_AFTER; m++) {
      const year = Math.floor(m / 12)
      const prefix = `${year}-${pad((m % 12) + 1, 2)}-`
      const days = this.daysInMonth(m)
      for (let d = 1; d <= days; d++) {
        this.dayTexts.push(prefix + pad(d, 2))
        this.dayMonths.push(m)
      }
    }
    this.periodStart = this.monthStart(this.monthN)
    this.nextPeriodStart = this.monthStart(this.monthN + 1)
    this.closingDay = this.nextPeriodStart - 1
    this.yearStart = this.monthStart(monthIndexOf(period.year, 1))
    const windowStart = addMonths(period.year, period.month, -11)
    this.timingWindowStart = this.monthStart(monthIndexOf(windowStart.year, windowStart.month))
  }

  monthStart(month: number): number {
    return this.monthStarts[month - this.firstMonth] ?? Number.NaN
  }

  daysInMonth(month: number): number {
    return this.monthStart(month + 1) - this.monthStart(month)
  }

  /** Day `dayOfMonth` (1-based, clamped to the month's length) of a month. */
  day(month: number, dayOfMonth: number): number {
    return this.monthStart(month) + Math.min(dayOfMonth, this.daysInMonth(month)) - 1
  }

  monthOf(day: number): number {
    return this.dayMonths[day - this.firstDay] ?? Number.NaN
  }

  /** `YYYY-MM-DD`. */
  date(day: number): string {
    return this.dayTexts[day - this.firstDay] ?? ''
  }

  /** `YYYY-MM-DDTHH:MM:SS` of a second of a day (0–86399). */
  dateTime(day: number, second: number): string {
    return (this.dayTexts[day - this.firstDay] ?? '') + MINUTE_TEXT[Math.floor(second / 60)] + SECOND_TEXT[second % 60]
  }

  /** `YYYY-M`, the BOB `*_ym` form (no zero padding). */
  yearMonth(month: number): string {
    return this.yearMonthTexts[month - this.firstMonth] ?? ''
  }

  /** `YYYYMM` as IPE_08_USAGE `Delivery_mth` carries it. */
  yearMonthNumber(month: number): number {
    return Math.floor(month / 12) * 100 + (month % 12) + 1
  }

  year(month: number): number {
    return Math.floor(month / 12)
  }

  inYearToDate(day: number): boolean {
    return day >= this.yearStart && day < this.nextPeriodStart
  }

  inPeriod(day: number): boolean {
    return day >= this.periodStart && day < this.nextPeriodStart
  }
}
