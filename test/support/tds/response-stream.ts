import type { Socket } from 'node:net'
import { ByteWriter } from './bytes.ts'
import { PACKET, Packetizer } from './protocol.ts'

/** Counters the writer updates; a subset of the double's stats. */
export type WriteStats = { drainWaits: number }

/** Tokens of one response, sent as full packets while they accumulate and the rest at the end. */
export class ResponseStream {
  readonly tokens: ByteWriter
  private readonly packetizer: Packetizer
  private flushes = 0

  constructor(
    private readonly socket: Socket,
    packetSize: number,
    private readonly stats: WriteStats,
  ) {
    this.packetizer = new Packetizer(PACKET.TABULAR_RESULT, packetSize)
    this.tokens = new ByteWriter(packetSize * 2)
  }

  get full(): boolean {
    return this.tokens.size >= this.packetizer.room
  }

  /** Writes every complete packet; the remainder waits for more tokens or `end`. */
  async flush(): Promise<void> {
    const room = this.packetizer.room
    const whole = Math.floor(this.tokens.size / room) * room
    if (whole === 0) return
    const view = this.tokens.view()
    const packets = this.packetizer.packets(view.subarray(0, whole), false)
    const rest = Buffer.from(view.subarray(whole))
    this.tokens.reset()
    this.tokens.bytes(rest)
    await writeWithBackPressure(this.socket, Buffer.concat(packets), this.stats)
    // The client runs in the same process in tests: let it read while the kernel buffers have room.
    if (++this.flushes % 16 === 0) await new Promise((resolve) => setImmediate(resolve))
  }

  async end(): Promise<void> {
    const payload = this.tokens.toBuffer()
    this.tokens.reset()
    await writeWithBackPressure(this.socket, Buffer.concat(this.packetizer.packets(payload, true)), this.stats)
  }
}

/** Writes, then waits for the client to read when the socket's buffer is full. */
export async function writeWithBackPressure(socket: Socket, data: Buffer, stats: WriteStats): Promise<void> {
  if (socket.destroyed) return
  if (socket.write(data)) return
  stats.drainWaits++
  await new Promise<void>((resolve) => {
    const settle = (): void => {
      socket.removeListener('drain', settle)
      socket.removeListener('close', settle)
      resolve()
    }
    socket.once('drain', settle)
    socket.once('close', settle)
  })
}
