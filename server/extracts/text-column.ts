import { QUOTE } from './canonical-scanner.ts'

/** Node's own UTF-8 decoder behind `buffer.toString('utf8', …)`, without its argument checks. */
type Utf8Slicing = { utf8Slice(start: number, end: number): string }

export function utf8(buffer: Buffer, start: number, end: number): string {
  return (buffer as Buffer & Utf8Slicing).utf8Slice(start, end)
}

/** Values longer than this are not worth comparing with the previous row's. */
const MAX_CACHED_BYTES = 40
/** Lookups after which a column that rarely repeats its value stops comparing. */
const CACHE_SAMPLE = 1000

/**
 * Text cells of one column, `null` when empty. Many columns repeat their value from row to row
 * (company, account, document type, dates), so a short value is reused while its bytes are
 * unchanged; a column where that rarely pays off stops trying after a sample.
 */
export class TextColumn {
  private readonly cache = Buffer.alloc(MAX_CACHED_BYTES)
  private cachedLength = -1
  private cached = ''
  private lookups = 0
  private hits = 0

  read(buffer: Buffer, start: number, end: number): string | null {
    if (start === end) return null
    if (buffer[start] === QUOTE) return utf8(buffer, start + 1, end - 1).replaceAll('""', '"')
    const length = end - start
    if (length > MAX_CACHED_BYTES || (this.lookups === CACHE_SAMPLE && this.hits * 2 < CACHE_SAMPLE)) return utf8(buffer, start, end)
    if (this.lookups < CACHE_SAMPLE) this.lookups += 1
    if (length === this.cachedLength && this.sameBytes(buffer, start, length)) {
      this.hits += 1
      return this.cached
    }
    this.cached = utf8(buffer, start, end)
    this.cachedLength = length
    buffer.copy(this.cache, 0, start, end)
    return this.cached
  }

  private sameBytes(buffer: Buffer, start: number, length: number): boolean {
    const cache = this.cache
    for (let index = 0; index < length; index++) if (buffer[start + index] !== cache[index]) return false
    return true
  }
}
