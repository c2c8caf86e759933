import type { ServerResponse } from 'node:http'
import type { RunEvent } from '../../../../shared/api/events.ts'

/**
 * One Server-Sent Events response: `id:` is the event's sequence number (so a reconnecting
 * client can send Last-Event-ID), `event:` its type, `data:` the event as JSON. Comments keep
 * idle connections alive through proxies.
 */
export class SseStream {
  private readonly heartbeat: NodeJS.Timeout
  private closed = false

  constructor(
    private readonly raw: ServerResponse,
    heartbeatMs: number,
    private readonly onClose: () => void,
  ) {
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs)
    this.heartbeat.unref()
    raw.on('close', () => this.end())
  }

  send(event: RunEvent): void {
    this.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
  }

  end(): void {
    if (this.closed) return
    this.closed = true
    clearInterval(this.heartbeat)
    this.onClose()
    if (!this.raw.writableEnded) this.raw.end()
  }

  private write(text: string): void {
    if (!this.closed && !this.raw.writableEnded) this.raw.write(text)
  }
}
