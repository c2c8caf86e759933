import type { Decimal, EntityInfo, Status, ThresholdRef } from '../result/types.ts'
import type { CellValue, RowStyle } from './model.ts'

/**
 * Decimal strings become numbers for the sheet. Exact to the cent: two decimals of amounts below
 * 2^53 / 100 round-trip through a double. `null` (unknown, e.g. USD without a rate) stays empty.
 */
export function moneyCell(value: Decimal | null): number | null {
  return value === null ? null : Number(value)
}

export function rateCell(entity: EntityInfo | undefined): number | null {
  return entity?.fxRate == null ? null : Number(entity.fxRate)
}

export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No'
}

export function listCell(values: readonly string[]): string {
  return values.join(', ')
}

/** Review times are ISO UTC instants; the sheet shows them to the second, zone dropped. */
export function dateTimeCell(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null
  return value.length > 19 ? value.slice(0, 19) : value
}

/** Which threshold decided a status: "thresholds/EG.json rule 2", or the file alone. */
export function thresholdSource(threshold: ThresholdRef | null): string | null {
  if (threshold === null) return null
  return threshold.rule === null ? threshold.file : `${threshold.file} rule ${threshold.rule + 1}`
}

export function thresholdCell(threshold: ThresholdRef | null): number | null {
  return threshold === null ? null : Number(threshold.valueUsd)
}

/** INVESTIGATE and FX_MISSING both need a reviewer's attention (methodology §2, §8). */
export function needsReview(status: Status): boolean {
  return status === 'INVESTIGATE' || status === 'FX_MISSING'
}

export function statusStyle(status: Status): RowStyle {
  return needsReview(status) ? 'investigate' : 'normal'
}

const WORD_BOUNDARY = /([a-z0-9])([A-Z])/g

/** `ipe08AmountUsed` → "ipe08 amount used": detail names as a reader says them. */
export function detailName(name: string): string {
  return name.replace(WORD_BOUNDARY, '$1 $2').toLowerCase()
}

function detailValue(value: CellValue): string {
  if (value === null) return '–'
  if (typeof value === 'boolean') return yesNo(value)
  return String(value)
}

export type DetailText = (detail: Readonly<Record<string, CellValue>>) => string

/**
 * Renders a line's detail figures as one compact text, `name: value; name: value`. Lines of a
 * bridge share their names, so each name is spelled out once per formatter.
 */
export function detailFormatter(): DetailText {
  const names = new Map<string, string>()
  const nameOf = (name: string): string => {
    let spelled = names.get(name)
    if (spelled === undefined) {
      spelled = detailName(name)
      names.set(name, spelled)
    }
    return spelled
  }
  return (detail) => {
    let text = ''
    for (const name in detail) {
      text += `${text === '' ? '' : '; '}${nameOf(name)}: ${detailValue(detail[name] ?? null)}`
    }
    return text
  }
}

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g

/** A decimal amount as a reader writes it: "420,910.00", "-1,500.00"; null is "–". */
export function amountText(value: Decimal | number | null): string {
  if (value === null) return '–'
  const text = typeof value === 'number' ? value.toFixed(2) : value
  const negative = text.startsWith('-')
  const [whole = '0', fraction] = (negative ? text.slice(1) : text).split('.')
  const grouped = whole.replace(THOUSANDS, ',')
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction.padEnd(2, '0')}`}`
}

/** A count with thousands separators: 12,345. */
export function countText(value: number): string {
  return String(value).replace(THOUSANDS, ',')
}

/** A run id as people quote it: a UUID by its first 8 characters, a short id whole. */
export function shortRunId(runId: string): string {
  return runId.length <= 16 ? runId : runId.slice(0, 8)
}
