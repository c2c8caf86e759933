/**
 * TDS 7.4 framing (MS-TDS §2.2.3): every message travels as packets of an 8-byte header
 * (type, status, big-endian length, SPID, packet id, window) and a payload; the last packet of a
 * message has the EOM status bit.
 */
export const PACKET = {
  SQL_BATCH: 0x01,
  RPC_REQUEST: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  LOGIN7: 0x10,
  PRELOGIN: 0x12,
} as const

export const STATUS_EOM = 0x01
export const STATUS_IGNORE = 0x02
export const HEADER_LENGTH = 8

/** Tokens of a tabular result (MS-TDS §2.2.7). */
export const TOKEN = {
  COLMETADATA: 0x81,
  ROW: 0xd1,
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
  ERROR: 0xaa,
  LOGINACK: 0xad,
  ENVCHANGE: 0xe3,
  RETURNSTATUS: 0x79,
} as const

/** DONE status bits. */
export const DONE = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, COUNT: 0x10, ATTN: 0x20 } as const

/** The SPID this double reports on every packet. */
const SPID = 51

export type Message = { readonly type: number; readonly status: number; readonly payload: Buffer }

/** Reassembles messages from socket chunks, however the chunks split the packets. */
export class MessageAssembler {
  private pending: Buffer = Buffer.alloc(0)
  private parts: Buffer[] = []

  /** Feeds a chunk; returns the messages it completed, in order. */
  push(chunk: Buffer): Message[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    const messages: Message[] = []
    while (this.pending.length >= HEADER_LENGTH) {
      const length = this.pending.readUInt16BE(2)
      if (length < HEADER_LENGTH) throw new Error(`TDS double: bad packet length ${length}`)
      if (this.pending.length < length) break
      const type = this.pending.readUInt8(0)
      const status = this.pending.readUInt8(1)
      this.parts.push(this.pending.subarray(HEADER_LENGTH, length))
      this.pending = this.pending.subarray(length)
      if (status & STATUS_EOM) {
        messages.push({ type, status, payload: Buffer.concat(this.parts) })
        this.parts = []
      }
    }
    return messages
  }
}

/** Cuts a message's payload into packets of at most `packetSize` bytes, header included. */
export class Packetizer {
  private packetId = 1

  constructor(
    private readonly type: number,
    private readonly packetSize: number,
  ) {}

  /** Packets for `payload`; the last one carries EOM when `last`. */
  packets(payload: Buffer, last: boolean): Buffer[] {
    const room = this.packetSize - HEADER_LENGTH
    const packets: Buffer[] = []
    let offset = 0
    do {
      const end = Math.min(offset + room, payload.length)
      const isLast = last && end === payload.length
      packets.push(this.packet(payload.subarray(offset, end), isLast))
      offset = end
    } while (offset < payload.length)
    return packets
  }

  /** How many payload bytes make a full packet. */
  get room(): number {
    return this.packetSize - HEADER_LENGTH
  }

  private packet(body: Buffer, last: boolean): Buffer {
    const packet = Buffer.allocUnsafe(HEADER_LENGTH + body.length)
    packet.writeUInt8(this.type, 0)
    packet.writeUInt8(last ? STATUS_EOM : 0, 1)
    packet.writeUInt16BE(packet.length, 2)
    packet.writeUInt16BE(SPID, 4)
    packet.writeUInt8(this.packetId, 6)
    packet.writeUInt8(0, 7)
    body.copy(packet, HEADER_LENGTH)
    this.packetId = (this.packetId + 1) % 256
    return packet
  }
}
