import type { RunEvent } from '../../shared/api/events.ts'
import type { TieoutApi } from './tieout-api.ts'

/**
 * Server-Sent Events over `fetch` (EventSource cannot send the Authorization header): the body is
 * read as text and split into events at blank lines; `data:` holds the event as JSON.
 */
export async function* sseEvents(response: Response): AsyncGenerator<RunEvent> {
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader()
  if (!reader) return
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += value.replace(/\r\n?/g, '\n')
    let end = buffer.indexOf('\n\n')
    while (end >= 0) {
      const event = parseBlock(buffer.slice(0, end))
      buffer = buffer.slice(end + 2)
      if (event) yield event
      end = buffer.indexOf('\n\n')
    }
  }
}

function parseBlock(block: string): RunEvent | null {
  const data = block
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''))
  return data.length === 0 ? null : (JSON.parse(data.join('\n')) as RunEvent)
}

const RECONNECTS = 5

/**
 * Follows a run until `run-finished`, reconnecting with Last-Event-ID when the stream drops, so
 * no event is missed or repeated.
 */
export async function followRun(api: TieoutApi, runId: string, onEvent: (event: RunEvent) => void, signal: AbortSignal): Promise<RunEvent> {
  let lastSeq = 0
  for (let attempt = 0; attempt <= RECONNECTS; attempt++) {
    const response = await api.events(runId, lastSeq, signal)
    for await (const event of sseEvents(response)) {
      if (event.seq <= lastSeq) continue
      lastSeq = event.seq
      onEvent(event)
      if (event.type === 'run-finished') return event
    }
    if (signal.aborted) break
  }
  throw new Error(`The progress stream of run ${runId} ended before the run finished.`)
}
