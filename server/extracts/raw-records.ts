import type { ExtractDef } from '../../shared/extracts/schema.ts'
import { rawFieldText, type RawRecord } from '../sources/files-scanner.ts'
import { encodeCell } from './canonical-format.ts'

/**
 * Canonical records straight from a comma-separated file's bytes. A text cell is its own canonical
 * text, and a field without quotes or line breaks holds no character the canonical format quotes,
 * so for such a record the bytes of text columns that sit side by side in the file, in schema
 * order, are the canonical bytes, commas included: they are copied as one block instead of being
 * decoded to strings and encoded again. Typed cells (amounts, dates, integers) and absent columns
 * come from the checks' canonical cells. A record with a quoted field or a line break inside a
 * field is written from its decoded text, as any record would be.
 */
export type RawRecordEncoder = {
  /** Source positions whose text the checks read (typed and key columns); other text is copied. */
  readonly decoded: readonly number[]
  /** Bytes the record can take at most (a plain record only). */
  worst(raw: RawRecord, cells: readonly string[]): number
  /** Writes a plain record and its line feed at `at`; returns the offset after it. */
  encode(raw: RawRecord, cells: readonly string[], out: Buffer, at: number): number
  /** Every canonical cell of a record that is not plain: text decoded from its bytes. */
  cellsOf(raw: RawRecord, cells: readonly string[]): string[]
}

/** A block of source fields `first..last` copied as is, or one schema cell. */
type Segment = { readonly first: number; readonly last: number; readonly position: -1 } | { readonly position: number }

const COMMA = 0x2c
const LINE_FEED = 0x0a

/**
 * `indexes[p]` is the source position of schema column p (-1 when absent). Null when the file is
 * not comma separated (its separators are not the canonical ones) or no text column can be copied.
 */
export function rawRecordEncoder(def: ExtractDef, indexes: readonly number[], delimiter: string): RawRecordEncoder | null {
  if (delimiter !== ',') return null
  const segments: Segment[] = []
  const textPositions: number[] = []
  const decoded: number[] = []
  def.columns.forEach((column, position) => {
    const index = indexes[position] ?? -1
    const text = column.kind === 'text' && index >= 0
    if (!text) {
      if (index >= 0) decoded.push(index)
      segments.push({ position })
      return
    }
    textPositions.push(position)
    if (def.keys.includes(column.name)) decoded.push(index)
    const previous = segments.at(-1)
    if (previous !== undefined && 'first' in previous && previous.last + 1 === index) {
      segments[segments.length - 1] = { first: previous.first, last: index, position: -1 }
    } else segments.push({ first: index, last: index, position: -1 })
  })
  if (textPositions.length === 0) return null
  const sourceOf = (position: number) => indexes[position] as number
  const width = Math.max(...indexes) + 1
  return {
    decoded,
    worst(raw, cells) {
      let bytes = (raw.ends[width - 1] as number) - (raw.starts[0] as number) + segments.length + 1
      for (const segment of segments) if (segment.position >= 0) bytes += (cells[segment.position] as string).length * 3 + 2
      return bytes
    },
    encode(raw, cells, out, at) {
      const { buffer, starts, ends } = raw
      let cursor = at
      for (let index = 0; index < segments.length; index++) {
        if (index !== 0) out[cursor++] = COMMA
        const segment = segments[index] as Segment
        if (segment.position >= 0) cursor = encodeCell(cells[segment.position] as string, out, cursor)
        else {
          const { first, last } = segment as { first: number; last: number }
          cursor = copyBytes(buffer, starts[first] as number, ends[last] as number, out, cursor)
        }
      }
      out[cursor++] = LINE_FEED
      return cursor
    },
    cellsOf(raw, cells) {
      const all = cells.slice()
      for (const position of textPositions) all[position] = rawFieldText(raw, sourceOf(position))
      return all
    },
  }
}

/** Below this many bytes a loop copies faster than `Buffer.copy`, whose call costs as much as ≈ 45 bytes. */
const SHORT_COPY = 48

function copyBytes(source: Buffer, start: number, end: number, target: Buffer, at: number): number {
  if (end - start >= SHORT_COPY) return at + source.copy(target, at, start, end)
  let cursor = at
  for (let index = start; index < end; index++) target[cursor++] = source[index] as number
  return cursor
}
