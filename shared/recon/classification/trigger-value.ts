/**
 * The comparable form of a classification value (methodology §7, §11): trimmed and lower-cased;
 * `true` → `1`, `false` → `0`; an integer-valued number → that integer (`1.0`, `01` → `1`).
 * Blank and absent values are `null` and never match.
 *
 * AC-52 of the old tool: `IS_PREPAYMENT` 1.0 matched nothing because the value was compared as
 * the text "1.0". methodology §11 normalises it to `1`, so it now matches PREPAYMENTS.
 */
const INTEGER_VALUED = /^([+-]?)(\d+)(?:\.0*)?$/

export function triggerValue(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null
  if (typeof raw === 'boolean') return raw ? '1' : '0'
  const text = (typeof raw === 'string' ? raw : String(raw)).trim().toLowerCase()
  if (text === '') return null
  if (text === 'true') return '1'
  if (text === 'false') return '0'
  const integer = INTEGER_VALUED.exec(text)
  if (!integer) return text
  const digits = (integer[2] ?? '').replace(/^0+(?=\d)/, '')
  return integer[1] === '-' && digits !== '0' ? `-${digits}` : digits
}
