import type { ColumnKind } from '../../../shared/extracts/values.ts'
import { parseValue } from '../../../shared/extracts/values.ts'
import type { ByteWriter } from './bytes.ts'

/**
 * The SQL Server type this double declares for each column kind, chosen as the real views return
 * them: text NVARCHAR(4000); integers INT; NAV money DECIMAL(38,20) (the driver hands it over as a
 * JS number, which must round to the exact cents); rates FLOAT; dates DATE; timestamps
 * DATETIME2(3); flags BIT.
 */
const TYPE = { NVARCHAR: 0xe7, INTN: 0x26, FLTN: 0x6d, DECIMALN: 0x6a, DATEN: 0x28, DATETIME2N: 0x2a, BITN: 0x68 } as const

/** SQL_Latin1_General_CP1_CI_AS: the collation this double reports for text. */
export const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34])

const NVARCHAR_MAX_CHARS = 4000
const MONEY_SCALE = 20n
/** Days from 0001-01-01 (DATE's day 0) to 1970-01-01. */
const EPOCH_DAYS = 719_162
const MS_PER_DAY = 86_400_000
const FLAG_NULLABLE = 0x0001

export type WireColumn = { readonly name: string; readonly kind: ColumnKind }

/** COLMETADATA's TYPE_INFO for one column. */
export function writeTypeInfo(out: ByteWriter, kind: ColumnKind): void {
  out.u32(0).u16(FLAG_NULLABLE)
  switch (kind) {
    case 'text':
      out
        .u8(TYPE.NVARCHAR)
        .u16(NVARCHAR_MAX_CHARS * 2)
        .bytes(COLLATION)
      return
    case 'int':
      out.u8(TYPE.INTN).u8(4)
      return
    case 'number':
    case 'decimal':
      out.u8(TYPE.FLTN).u8(8)
      return
    case 'money':
      out.u8(TYPE.DECIMALN).u8(17).u8(38).u8(Number(MONEY_SCALE))
      return
    case 'date':
      out.u8(TYPE.DATEN)
      return
    case 'datetime':
      out.u8(TYPE.DATETIME2N).u8(3)
      return
    case 'bool':
      out.u8(TYPE.BITN).u8(1)
      return
  }
}

/**
 * Writes one value as its kind's wire type. The value is first read with the kind's own parser
 * (the one the reconciliation uses), so what the driver receives is what the demo meant.
 */
export function writeValue(out: ByteWriter, kind: ColumnKind, raw: unknown, column: string): void {
  const parsed = parseValue(kind, raw)
  if (!parsed.ok) throw new Error(`TDS double: column ${column}: ${parsed.reason}`)
  const value = parsed.value
  if (value === null) {
    if (kind === 'text') out.u16(0xffff)
    else out.u8(0)
    return
  }
  switch (kind) {
    case 'text':
      return writeText(out, String(value), column)
    case 'int':
      out.u8(4).i32(value as number)
      return
    case 'number':
      out.u8(8).f64(value as number)
      return
    case 'decimal':
      out.u8(8).f64(Number(value))
      return
    case 'money':
      return writeMoney(out, value as number)
    case 'date':
      out.u8(3).u24(daysOf(value as string))
      return
    case 'datetime':
      return writeDateTime(out, value as string)
    case 'bool':
      out.u8(1).u8(value ? 1 : 0)
      return
  }
}

function writeText(out: ByteWriter, value: string, column: string): void {
  if (value.length > NVARCHAR_MAX_CHARS) throw new Error(`TDS double: column ${column}: text longer than ${NVARCHAR_MAX_CHARS} characters`)
  out.u16(value.length * 2).ucs2(value)
}

/** Cents as DECIMAL(38,20): sign byte (1 = positive), then the unscaled value in 16 LE bytes. */
function writeMoney(out: ByteWriter, cents: number): void {
  const unscaled = BigInt(cents) * 10n ** (MONEY_SCALE - 2n)
  const magnitude = unscaled < 0n ? -unscaled : unscaled
  out.u8(17).u8(unscaled < 0n ? 0 : 1)
  out.u64(magnitude & 0xffff_ffff_ffff_ffffn).u64(magnitude >> 64n)
}

function daysOf(isoDate: string): number {
  const [year = 0, month = 1, day = 1] = isoDate.slice(0, 10).split('-').map(Number)
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY) + EPOCH_DAYS
}

/** DATETIME2(3): milliseconds since midnight in 4 bytes, then the day in 3. */
function writeDateTime(out: ByteWriter, isoDateTime: string): void {
  const [, time = '00:00:00'] = isoDateTime.split('T')
  const [hours = 0, minutes = 0, seconds = 0] = time.split(':').map(Number)
  const ms = Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000)
  out.u8(7).u32(ms).u24(daysOf(isoDateTime))
}
