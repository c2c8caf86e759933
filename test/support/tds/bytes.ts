/** A growable little-endian byte buffer for building TDS tokens (TDS integers are LE unless noted). */
export class ByteWriter {
  private buffer: Buffer
  private length = 0

  constructor(capacity = 256) {
    this.buffer = Buffer.allocUnsafe(capacity)
  }

  get size(): number {
    return this.length
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + extra))
    this.buffer.copy(next, 0, 0, this.length)
    this.buffer = next
  }

  u8(value: number): this {
    this.ensure(1)
    this.buffer.writeUInt8(value, this.length)
    this.length += 1
    return this
  }

  u16(value: number): this {
    this.ensure(2)
    this.buffer.writeUInt16LE(value, this.length)
    this.length += 2
    return this
  }

  u16be(value: number): this {
    this.ensure(2)
    this.buffer.writeUInt16BE(value, this.length)
    this.length += 2
    return this
  }

  u24(value: number): this {
    this.ensure(3)
    this.buffer.writeUIntLE(value, this.length, 3)
    this.length += 3
    return this
  }

  u32(value: number): this {
    this.ensure(4)
    this.buffer.writeUInt32LE(value, this.length)
    this.length += 4
    return this
  }

  i32(value: number): this {
    this.ensure(4)
    this.buffer.writeInt32LE(value, this.length)
    this.length += 4
    return this
  }

  u32be(value: number): this {
    this.ensure(4)
    this.buffer.writeUInt32BE(value, this.length)
    this.length += 4
    return this
  }

  u64(value: bigint): this {
    this.ensure(8)
    this.buffer.writeBigUInt64LE(value, this.length)
    this.length += 8
    return this
  }

  f64(value: number): this {
    this.ensure(8)
    this.buffer.writeDoubleLE(value, this.length)
    this.length += 8
    return this
  }

  bytes(value: Uint8Array): this {
    this.ensure(value.length)
    this.buffer.set(value, this.length)
    this.length += value.length
    return this
  }

  /** UCS-2 text without a length prefix. */
  ucs2(value: string): this {
    const bytes = value.length * 2
    this.ensure(bytes)
    this.buffer.write(value, this.length, bytes, 'ucs2')
    this.length += bytes
    return this
  }

  /** B_VARCHAR: a one-byte character count, then UCS-2. */
  bVarChar(value: string): this {
    return this.u8(value.length).ucs2(value)
  }

  /** US_VARCHAR: a two-byte character count, then UCS-2. */
  usVarChar(value: string): this {
    return this.u16(value.length).ucs2(value)
  }

  /** Overwrites a two-byte length at `offset` with the bytes written after it. */
  patchLength16(offset: number): this {
    this.buffer.writeUInt16LE(this.length - offset - 2, offset)
    return this
  }

  /** A copy of the written bytes. */
  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length))
  }

  /** The written bytes without copying; valid until the next write or `reset`. */
  view(): Buffer {
    return this.buffer.subarray(0, this.length)
  }

  reset(): void {
    this.length = 0
  }
}

/** Sequential little-endian reads over a request payload; throws when the payload is too short. */
export class ByteReader {
  offset = 0

  constructor(private readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.offset
  }

  private take(count: number): number {
    if (this.offset + count > this.buffer.length)
      throw new Error(`TDS double: payload ends at ${this.buffer.length}, wanted ${this.offset + count}`)
    const at = this.offset
    this.offset += count
    return at
  }

  u8(): number {
    return this.buffer.readUInt8(this.take(1))
  }

  u16(): number {
    return this.buffer.readUInt16LE(this.take(2))
  }

  u24(): number {
    return this.buffer.readUIntLE(this.take(3), 3)
  }

  u32(): number {
    return this.buffer.readUInt32LE(this.take(4))
  }

  i32(): number {
    return this.buffer.readInt32LE(this.take(4))
  }

  u64(): bigint {
    return this.buffer.readBigUInt64LE(this.take(8))
  }

  f64(): number {
    return this.buffer.readDoubleLE(this.take(8))
  }

  bytes(count: number): Buffer {
    const at = this.take(count)
    return this.buffer.subarray(at, at + count)
  }

  ucs2(chars: number): string {
    return this.bytes(chars * 2).toString('ucs2')
  }

  bVarChar(): string {
    return this.ucs2(this.u8())
  }

  usVarChar(): string {
    return this.ucs2(this.u16())
  }
}
