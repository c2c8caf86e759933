import { dataQualityError } from '../../shared/errors.ts'
import { rawParser, type RawParser } from '../../shared/extracts/fast-kinds.ts'
import { resolveColumns } from '../../shared/extracts/reader.ts'
import { fieldColumns, type ExtractDef, type RowOf } from '../../shared/extracts/schema.ts'
import type { ColumnKind } from '../../shared/extracts/values.ts'
import { QUOTE, type FieldBounds } from './canonical-scanner.ts'
import { TextColumn, utf8 } from './text-column.ts'

/**
 * Typed rows from canonical CSV fields, read straight from bytes. Canonical cells are what
 * `formatValue` wrote, so amounts (`-12.50`), integers and booleans are read with integer
 * arithmetic and text-like values (text, dates, date-times, decimals) are taken as they are; any
 * other shape falls back to the kind's parser, which names the row and column of a value that
 * does not parse. Gives the rows `typedRowReader` gives for the same cells, several times faster.
 */
export type RowDecoder<E extends ExtractDef> = {
  /** Company of the row (the `companyCode` field), `null` when empty or not in the schema. */
  company(buffer: Buffer, bounds: FieldBounds): string | null
  decode(buffer: Buffer, bounds: FieldBounds, rowNumber: number): RowOf<E>
  /** Fields of a record up to the last one decoded (or the company): the rest are never read. */
  readonly fieldsNeeded: number
  /** Reads one text field of the schema without decoding the row (a filter's); null when absent. */
  textField(field: string): { readonly index: number; read(buffer: Buffer, bounds: FieldBounds): string | null } | null
}

/** How a kind's canonical cells are read: text-like as they are, numbers from their digits. */
type Read = 'text' | 'money' | 'integer' | 'flag' | 'parsed'

type Field = {
  readonly field: string
  readonly name: string
  /** Position in the record; -1 when the column is absent. */
  readonly index: number
  readonly read: Read
  readonly text: TextColumn
  readonly parse: RawParser
}

const MINUS = 0x2d
const DOT = 0x2e
const DIGIT_0 = 0x30
/** Whole digits that keep `units * 100 + cents` exact below 2^53. */
const MAX_FAST_MONEY_DIGITS = 13
const MAX_FAST_INTEGER_DIGITS = 15
/** Marks a cell the fast path leaves to the kind's parser. */
const SLOW = Symbol('slow')

/**
 * `only`: the fields to decode (the others are left out of the row), for a reader that needs a few
 * columns of a wide extract; every field when absent.
 */
export function createRowDecoder<E extends ExtractDef>(
  def: E,
  header: readonly string[],
  file: string,
  only?: ReadonlySet<string>,
): RowDecoder<E> {
  const resolution = resolveColumns(def, header)
  if (resolution.missingRequired.length > 0) {
    throw dataQualityError(
      `${def.id} file ${file}: missing required column(s) ${resolution.missingRequired.join(', ')}; found ${resolution.found.join(', ')}`,
    )
  }
  const all: Field[] = fieldColumns(def).map((column) => ({
    field: column.field,
    name: column.name,
    index: resolution.indexes.get(column.name) ?? -1,
    read: readOf(column.kind),
    text: new TextColumn(),
    parse: rawParser(column.kind),
  }))
  const company = all.find((field) => field.field === 'companyCode' && field.index >= 0)
  const fields = only ? all.filter((field) => only.has(field.field)) : all

  function value(field: Field, buffer: Buffer, bounds: FieldBounds, rowNumber: number): unknown {
    const start = bounds.starts[field.index] as number
    const end = bounds.ends[field.index] as number
    let fast: unknown
    switch (field.read) {
      case 'text':
        return field.text.read(buffer, start, end)
      case 'money':
        fast = readCents(buffer, start, end)
        break
      case 'integer':
        fast = readInteger(buffer, start, end)
        break
      case 'flag':
        fast = readFlag(buffer, start, end)
        break
      default:
        fast = SLOW
    }
    if (fast !== SLOW) return fast
    const parsed = field.parse(cellText(buffer, start, end))
    if (!parsed.ok) throw dataQualityError(`${def.id} file ${file}, row ${rowNumber}, column "${field.name}": ${parsed.reason}`)
    return parsed.value
  }

  const fieldsNeeded = 1 + Math.max(company?.index ?? -1, ...fields.map((field) => field.index))
  return {
    fieldsNeeded,
    textField(name) {
      const field = all.find((candidate) => candidate.field === name && candidate.index >= 0)
      if (field === undefined) return null
      const read = (buffer: Buffer, bounds: FieldBounds) =>
        field.text.read(buffer, bounds.starts[field.index] as number, bounds.ends[field.index] as number)
      return { index: field.index, read }
    },
    company: (buffer, bounds) =>
      company === undefined
        ? null
        : (company.text.read(buffer, bounds.starts[company.index] as number, bounds.ends[company.index] as number) as string | null),
    decode(buffer, bounds, rowNumber) {
      const row: Record<string, unknown> = {}
      for (let position = 0; position < fields.length; position++) {
        const field = fields[position] as Field
        row[field.field] = field.index < 0 ? null : value(field, buffer, bounds, rowNumber)
      }
      return row as RowOf<E>
    },
  }
}

function readOf(kind: ColumnKind): Read {
  switch (kind) {
    case 'money':
      return 'money'
    case 'int':
      return 'integer'
    case 'bool':
      return 'flag'
    case 'number':
      return 'parsed'
    default:
      return 'text'
  }
}

function cellText(buffer: Buffer, start: number, end: number): string {
  if (start === end) return ''
  return buffer[start] === QUOTE ? utf8(buffer, start + 1, end - 1).replaceAll('""', '"') : utf8(buffer, start, end)
}

/** `-?\d{1,13}\.\d\d` as cents; anything else is left to the money parser. */
function readCents(buffer: Buffer, start: number, end: number): unknown {
  if (start === end) return null
  const negative = buffer[start] === MINUS
  const first = negative ? start + 1 : start
  const dot = end - 3
  if (dot <= first || dot - first > MAX_FAST_MONEY_DIGITS || buffer[dot] !== DOT) return SLOW
  let cents = 0
  for (let index = first; index < end; index++) {
    if (index === dot) continue
    const digit = (buffer[index] as number) - DIGIT_0
    if (digit < 0 || digit > 9) return SLOW
    cents = cents * 10 + digit
  }
  return negative && cents !== 0 ? -cents : cents
}

/** `-?\d{1,15}`; anything else is left to the integer parser. */
function readInteger(buffer: Buffer, start: number, end: number): unknown {
  if (start === end) return null
  const negative = buffer[start] === MINUS
  const first = negative ? start + 1 : start
  if (first === end || end - first > MAX_FAST_INTEGER_DIGITS) return SLOW
  let value = 0
  for (let index = first; index < end; index++) {
    const digit = (buffer[index] as number) - DIGIT_0
    if (digit < 0 || digit > 9) return SLOW
    value = value * 10 + digit
  }
  return negative && value !== 0 ? -value : value
}

/** Canonical booleans are `1` and `0`. */
function readFlag(buffer: Buffer, start: number, end: number): unknown {
  if (start === end) return null
  if (end - start !== 1) return SLOW
  const byte = buffer[start]
  return byte === DIGIT_0 + 1 ? true : byte === DIGIT_0 ? false : SLOW
}
