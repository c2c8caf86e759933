const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

export type PeriodOption = { readonly value: string; readonly label: string }

/** The month before `today` as YYYY-MM: the period a month-end close reconciles. */
export function previousPeriod(today: Date): string {
  const year = today.getFullYear()
  const month = today.getMonth()
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`
}

/** The last `count` months up to the previous one, newest first, with the month spelled out. */
export function periodOptions(today: Date, count = 24): PeriodOption[] {
  const [year = 0, month = 1] = previousPeriod(today).split('-').map(Number)
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - i
    const y = Math.floor(index / 12)
    const m = (index % 12) + 1
    return { value: `${y}-${String(m).padStart(2, '0')}`, label: `${MONTHS[m - 1]} ${y}` }
  })
}
