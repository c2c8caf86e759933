import type { OutgoingHttpHeaders } from 'node:http'
import type { FastifyReply } from 'fastify'
import type { RunEvent } from '../../../../shared/api/events.ts'
import type { RunEngine } from '../../../engine/engine.ts'
import type { RunRow } from '../../../state/tables.ts'
import { SseStream } from './sse-stream.ts'

const FINISHED = new Set(['succeeded', 'failed', 'cancelled'])

export type RunEventStreamOptions = {
  readonly engine: RunEngine
  readonly run: RunRow
  /** Events up to this sequence number were already received (Last-Event-ID). */
  readonly after: number
  readonly heartbeatMs: number
  /** Reads the run again once subscribed, to end at once when it finished before any event was kept. */
  readonly reload: (runId: string) => Promise<RunRow | undefined>
  readonly onOpen: (stream: SseStream) => void
  readonly onClose: (stream: SseStream) => void
  /** How an event is shown (server paths made relative); as is by default. */
  readonly present?: (event: RunEvent) => RunEvent
}

/** Takes over the response: replay, then live events, ending after `run-finished`. */
export async function streamRunEvents(reply: FastifyReply, options: RunEventStreamOptions): Promise<void> {
  reply.hijack()
  reply.raw.writeHead(200, {
    ...definedHeaders(reply),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  let unsubscribe = () => {}
  const stream = new SseStream(reply.raw, options.heartbeatMs, () => {
    unsubscribe()
    options.onClose(stream)
  })
  options.onOpen(stream)
  let lastSeq = options.after
  let finished = false
  const deliver = (event: RunEvent) => {
    if (finished || event.seq <= lastSeq) return
    lastSeq = event.seq
    stream.send(options.present ? options.present(event) : event)
    if (event.type === 'run-finished') {
      finished = true
      stream.end()
    }
  }
  const subscription = await options.engine.events(options.run.id, deliver)
  unsubscribe = subscription.unsubscribe
  for (const event of subscription.replay) deliver(event)
  if (finished) return
  const latest = await options.reload(options.run.id)
  if (latest && FINISHED.has(latest.status)) deliver(finishedEvent(latest, lastSeq + 1))
}

/** Headers set by hooks (CORS) that a hijacked response must write itself. */
function definedHeaders(reply: FastifyReply): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined))
}

function finishedEvent(run: RunRow, seq: number): RunEvent {
  const error = run.error_code === null ? null : { code: run.error_code, message: run.error_message ?? '' }
  const status = run.status as 'succeeded' | 'failed' | 'cancelled'
  return { type: 'run-finished', runId: run.id, seq, at: run.finished_at ?? run.created_at, status, error }
}
