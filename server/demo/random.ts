/**
 * Counter-based randomness: every draw is a pure function of (seed, entity, stream, index), so any
 * row of any extract can be computed without generating the rows before it, and two extracts that
 * describe the same voucher or customer draw the same values for it.
 */
export const STREAM = {
  voucher: 1,
  customer: 2,
  navOther: 3,
  prepayment: 4,
  accruedRevenue: 5,
  packages: 6,
  collection: 7,
  refundLiability: 8,
  balances: 9,
} as const

/** murmur3's 32-bit finaliser: a bijective avalanche over uint32. */
export function mix32(value: number): number {
  let h = value >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** FNV-1a over the UTF-16 code units; used once per entity code, never per row. */
export function hashText(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return mix32(h)
}

/** Key of one stream of one entity: combine with a row index through `rowKey`. */
export function streamKey(seed: number, entityKey: number, stream: number): number {
  const low = seed >>> 0
  const high = Math.floor(seed / 0x1_0000_0000) >>> 0
  return mix32(mix32(mix32(low ^ 0x9e3779b9) ^ high) ^ mix32(entityKey + stream * 0x632be5ab))
}

export function rowKey(stream: number, index: number): number {
  return mix32(stream ^ mix32(index + 0x7f4a7c15))
}

/** mulberry32 on a resettable state: one instance per generator, reset per row (no allocation). */
export class Rng {
  private state = 0

  reset(key: number): this {
    this.state = key | 0
    return this
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Uniform integer in [low, high]. */
  between(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1))
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)] as T
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }
}
