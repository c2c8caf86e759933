import type { ColumnKind } from './values.ts'

/**
 * Row keys as numbers, for the key-uniqueness check of millions of rows: a key made of a few text
 * columns with few distinct values (company) and integer columns (entry no) packs into one exact
 * double, held in an open-addressing table of typed arrays instead of one `Map` entry (a string
 * and its hash) per row.
 */

/** Bits of one key component: a text column's dictionary index, or an integer column's value. */
const TEXT_BITS = 16
const INT_BITS = 32
/** Doubles hold integers exactly up to 2^53. */
const MAX_BITS = 53

export type KeyLayout = { readonly kinds: readonly ('text' | 'int')[] }

/** The numeric layout of a key, or null when its columns do not pack into 53 bits. */
export function keyLayout(kinds: readonly ColumnKind[]): KeyLayout | null {
  let bits = 0
  const packed: ('text' | 'int')[] = []
  for (const kind of kinds) {
    if (kind !== 'text' && kind !== 'int') return null
    bits += kind === 'text' ? TEXT_BITS : INT_BITS
    packed.push(kind)
  }
  return packed.length > 0 && bits <= MAX_BITS ? { kinds: packed } : null
}

const DIGIT_0 = 48

/** A canonical integer cell (`0`, `[1-9]\d*`) below 2^32, else -1. */
function smallInteger(cell: string): number {
  const length = cell.length
  if (length === 0 || length > 10) return -1
  let value = 0
  for (let index = 0; index < length; index++) {
    const digit = cell.charCodeAt(index) - DIGIT_0
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  if (length > 1 && cell.charCodeAt(0) === DIGIT_0) return -1
  return value < 2 ** INT_BITS ? value : -1
}

/** Distinct values a text key column may have for its keys to be packed (companies, not order ids). */
const MAX_TEXT_VALUES = 4096
/** `encode`: a cell that does not pack (an integer out of range, or non-canonical). */
export const UNPACKED = -1
/** `encode`: a text column has more distinct values than pack; no key packs from now on. */
export const SATURATED = -2

/**
 * Packs key cells into one number with per-column dictionaries of text values. The same cells
 * always give the same result until the encoder is saturated; `decode` gives the cells back.
 */
export class KeyEncoder {
  readonly dictionaries: Map<string, number>[]
  private readonly values: string[][]
  constructor(readonly layout: KeyLayout) {
    this.dictionaries = layout.kinds.map(() => new Map<string, number>())
    this.values = layout.kinds.map(() => [])
  }

  /** The key cells of a packed key, in key order. */
  decode(key: number): string[] {
    const kinds = this.layout.kinds
    const cells = new Array<string>(kinds.length)
    let rest = key
    for (let component = kinds.length - 1; component >= 0; component--) {
      const radix = 2 ** (kinds[component] === 'int' ? INT_BITS : TEXT_BITS)
      const high = Math.floor(rest / radix)
      const part = rest - high * radix
      cells[component] = kinds[component] === 'int' ? String(part) : (this.values[component]?.[part] as string)
      rest = high
    }
    return cells
  }

  encode(cells: readonly string[], positions: readonly number[]): number {
    const kinds = this.layout.kinds
    let value = 0
    for (let component = 0; component < kinds.length; component++) {
      const cell = cells[positions[component] as number] as string
      let part: number
      if (kinds[component] === 'int') {
        part = smallInteger(cell)
        if (part < 0) return UNPACKED
        value = value * 2 ** INT_BITS + part
      } else {
        const dictionary = this.dictionaries[component] as Map<string, number>
        const known = dictionary.get(cell)
        if (known !== undefined) part = known
        else {
          if (dictionary.size >= MAX_TEXT_VALUES) return SATURATED
          part = dictionary.size
          dictionary.set(cell, part)
          this.values[component]?.push(cell)
        }
        value = value * 2 ** TEXT_BITS + part
      }
    }
    return value
  }
}

/** Non-negative integer keys below 2^53 → the first row number seen (an open-addressing table). */
export class NumericKeyIndex {
  private keys: Float64Array
  /** Row number of the slot, 0 when the slot is free (row numbers start at 1). */
  private rows: Int32Array
  private mask: number
  private used = 0

  constructor(capacity = 1 << 16) {
    let size = 1 << 4
    while (size < capacity * 2) size <<= 1
    this.keys = new Float64Array(size)
    this.rows = new Int32Array(size)
    this.mask = size - 1
  }

  get size(): number {
    return this.used
  }

  /** Adds the key with its row; returns the earlier row when the key was there already (kept), else 0. */
  add(key: number, row: number): number {
    if (this.used * 2 >= this.keys.length) this.grow()
    const keys = this.keys
    const rows = this.rows
    const mask = this.mask
    let slot = slotOf(key) & mask
    for (;;) {
      const earlier = rows[slot] as number
      if (earlier === 0) {
        keys[slot] = key
        rows[slot] = row
        this.used += 1
        return 0
      }
      if (keys[slot] === key) return earlier
      slot = (slot + 1) & mask
    }
  }

  /** Every key with its row, in no particular order. */
  forEach(visit: (key: number, row: number) => void): void {
    for (let slot = 0; slot < this.rows.length; slot++)
      if (this.rows[slot] !== 0) visit(this.keys[slot] as number, this.rows[slot] as number)
  }

  private grow(): void {
    const keys = this.keys
    const rows = this.rows
    this.keys = new Float64Array(keys.length * 2)
    this.rows = new Int32Array(keys.length * 2)
    this.mask = this.keys.length - 1
    this.used = 0
    for (let slot = 0; slot < rows.length; slot++) if (rows[slot] !== 0) this.add(keys[slot] as number, rows[slot] as number)
  }
}

function slotOf(key: number): number {
  const low = key >>> 0
  const high = Math.floor(key / 4294967296) >>> 0
  let hash = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  return hash ^ (hash >>> 16)
}

/**
 * A 53-bit fingerprint of key cells (two 32-bit multiplicative hashes over their UTF-16 units):
 * equal keys always give equal fingerprints; distinct keys almost never do (about one pair in
 * 10^16), which is what a check across byte ranges needs: a shared fingerprint sends the file to
 * the exact check of a reading in one piece.
 */
export function keyFingerprint(cells: readonly string[], positions: readonly number[]): number {
  let first = 0x811c9dc5
  let second = 0x01000193
  for (let component = 0; component < positions.length; component++) {
    const cell = cells[positions[component] as number] as string
    for (let index = 0; index < cell.length; index++) {
      const unit = cell.charCodeAt(index)
      first = Math.imul(first ^ unit, 0x01000193)
      second = Math.imul(second ^ unit, 0x5bd1e995)
      second ^= second >>> 15
    }
    // The separator: ("ab", "c") and ("a", "bc") differ.
    first = Math.imul(first ^ 0x1f, 0x01000193)
    second = Math.imul(second ^ 0x1f, 0x5bd1e995)
  }
  first ^= first >>> 16
  first = Math.imul(first, 0x85ebca6b)
  first ^= first >>> 13
  return (first & 0x1fffff) * 4294967296 + (second >>> 0)
}

/** Fingerprints appended one at a time into a growing typed array. */
export class FingerprintList {
  private values = new Float64Array(1 << 12)
  private used = 0

  push(value: number): void {
    if (this.used === this.values.length) {
      const larger = new Float64Array(this.values.length * 2)
      larger.set(this.values)
      this.values = larger
    }
    this.values[this.used++] = value
  }

  toArray(): Float64Array {
    return this.values.slice(0, this.used)
  }
}

/** Whether any fingerprint occurs twice across the lists (or within one). */
export function fingerprintsOverlap(lists: readonly Float64Array[]): boolean {
  const index = new NumericKeyIndex(lists.reduce((sum, list) => sum + list.length, 0))
  for (const list of lists) for (let at = 0; at < list.length; at++) if (index.add(list[at] as number, 1) !== 0) return true
  return false
}
