import type { BridgeId, BridgeLine } from '../result/types.ts'
import { amountText, detailName } from './cells.ts'

type Detail = BridgeLine['detail']
type Value = Detail[string]

const DECIMAL = /^-?\d+\.\d{2}$/

function text(value: Value | undefined): string {
  if (value === null || value === undefined || value === '') return '–'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number') return String(value)
  return DECIMAL.test(value) ? amountText(value) : value
}

function money(value: Value | undefined): string {
  return typeof value === 'string' && DECIMAL.test(value) ? amountText(value) : '–'
}

function day(value: Value | undefined): string {
  return typeof value === 'string' && value.length >= 10 ? value.slice(0, 10) : '–'
}

const WORDED: Readonly<Record<BridgeId, (d: Detail) => string>> = {
  timing: (d) => `Jdash ${money(d.jdashAmountUsed)} vs BOB ${money(d.ipe08AmountUsed)}; voucher created ${day(d.createdAt)}`,
  vtc: (d) => `Remaining ${money(d.remainingAmount)}; ${d.isValid === true ? 'valid' : 'not valid'}; inactive since ${day(d.inactiveDate)}`,
  'posting-group': (d) =>
    `${text(d.customerName)}: open balance ${money(d.openBalance)}; posting groups ${text(d.postingGroups)} (${text(d.postingGroupCount)})`,
  'business-line': (d) =>
    `${text(d.customerName)}: balance ${money(d.balance)} on ${text(d.businessLine)}; ` +
    `primary ${text(d.primaryBusinessLine)} of ${text(d.businessLineCount)} business lines`,
}

/**
 * A line's figures in words, with thousands separators ("Jdash 420,910.00 vs BOB 421,060.00"), never
 * internal field names. A bridge without its own wording lists its figures by name.
 */
export function detailWords(bridge: BridgeId | string, detail: Detail): string {
  const worded = WORDED[bridge as BridgeId] as ((d: Detail) => string) | undefined
  if (worded !== undefined) return worded(detail)
  return Object.entries(detail)
    .map(([name, value]) => `${detailName(name)} ${text(value)}`)
    .join('; ')
}
