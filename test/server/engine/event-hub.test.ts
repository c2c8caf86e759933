import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../shared/api/events.ts'
import { EventHub } from '../../../server/engine/event-hub.ts'

const at = '2025-10-01T08:00:00.000Z'

describe('run event hub', () => {
  it('numbers the events of each run from 1', () => {
    const hub = new EventHub()
    hub.emit({ type: 'run-started', runId: 'a', at })
    hub.emit({ type: 'run-started', runId: 'b', at })
    const second = hub.emit({ type: 'step-started', runId: 'a', at, step: 's', attempt: 1 })
    expect(second.seq).toBe(2)
  })

  it('a subscriber gets the replay, then live events, with no gap', () => {
    const hub = new EventHub()
    hub.emit({ type: 'run-started', runId: 'a', at })
    const live: RunEvent[] = []
    const { replay } = hub.subscribe('a', (event) => live.push(event))
    hub.emit({ type: 'step-started', runId: 'a', at, step: 's', attempt: 1 })
    expect([...replay, ...live].map((event) => event.seq)).toEqual([1, 2])
  })

  it('keeps at most the configured number of events per run, dropping the oldest', () => {
    const hub = new EventHub({ maxEventsPerRun: 3 })
    for (let attempt = 1; attempt <= 5; attempt += 1) hub.emit({ type: 'step-started', runId: 'a', at, step: 's', attempt })
    expect(hub.subscribe('a', () => {}).replay.map((event) => event.seq)).toEqual([3, 4, 5])
  })

  it('a failing listener does not stop the others', () => {
    const errors: unknown[] = []
    const hub = new EventHub({ onListenerError: (error) => errors.push(error) })
    const seen: number[] = []
    hub.subscribe('a', () => {
      throw new Error('broken pipe')
    })
    hub.subscribe('a', (event) => seen.push(event.seq))
    hub.emit({ type: 'run-started', runId: 'a', at })
    expect([seen, errors.length]).toEqual([[1], 1])
  })
})
