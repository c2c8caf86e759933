import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../shared/api/events.ts'
import { sseEvents } from '../../../addin/api/sse.ts'

function streamOf(chunks: readonly string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
      controller.close()
    },
  })
  return new Response(body)
}

describe('sseEvents', () => {
  it('parses events split anywhere across chunks, skipping heartbeats', async () => {
    const started = { type: 'run-started', runId: 'r1', seq: 1, at: '2025-10-01T08:00:00.000Z' }
    const finished = { type: 'run-finished', runId: 'r1', seq: 2, at: '2025-10-01T08:00:01.000Z', status: 'succeeded', error: null }
    const text = `: heartbeat\n\nid: 1\nevent: run-started\ndata: ${JSON.stringify(started)}\n\nid: 2\r\nevent: run-finished\r\ndata: ${JSON.stringify(finished)}\r\n\r\n`
    const events: RunEvent[] = []
    for await (const event of sseEvents(streamOf([text.slice(0, 25), text.slice(25, 90), text.slice(90)]))) events.push(event)
    expect(events).toEqual([started, finished])
  })
})
