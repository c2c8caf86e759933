import type { RunEvent, RunEventDraft } from '../../shared/api/events.ts'
import type { EventSubscription, RunEventListener } from './engine.ts'

type RunChannel = {
  seq: number
  events: RunEvent[]
  listeners: Set<RunEventListener>
  finished: boolean
}

export type EventHubOptions = {
  /** Most events kept per run; the oldest go first. Progress is coalesced, so this is rarely hit. */
  readonly maxEventsPerRun?: number
  /** Finished runs whose events stay in memory for late subscribers. */
  readonly retainFinishedRuns?: number
  readonly onListenerError?: (error: unknown) => void
}

/**
 * Numbers, keeps and fans out run events. Only the latest `step-progress` of each step is kept,
 * so a replay stays short while still ending in the current state of every step.
 */
export class EventHub {
  private readonly channels = new Map<string, RunChannel>()
  private readonly finishedOrder: string[] = []
  private readonly global = new Set<RunEventListener>()
  private readonly maxEvents: number
  private readonly retainFinished: number

  constructor(private readonly options: EventHubOptions = {}) {
    this.maxEvents = options.maxEventsPerRun ?? 1_000
    this.retainFinished = options.retainFinishedRuns ?? 200
  }

  emit(draft: RunEventDraft): RunEvent {
    const channel = this.channel(draft.runId)
    channel.seq += 1
    const event = { ...draft, seq: channel.seq } as RunEvent
    this.keep(channel, event)
    for (const listener of channel.listeners) this.call(listener, event)
    for (const listener of this.global) this.call(listener, event)
    if (event.type === 'run-finished') this.finish(event.runId, channel)
    return event
  }

  subscribe(runId: string, listener: RunEventListener): EventSubscription {
    const channel = this.channel(runId)
    channel.listeners.add(listener)
    const unsubscribe = () => {
      channel.listeners.delete(listener)
      // A subscription to a run that never emitted here (finished before a restart) leaves nothing.
      if (channel.listeners.size === 0 && channel.events.length === 0) this.channels.delete(runId)
    }
    return { replay: [...channel.events], unsubscribe }
  }

  subscribeAll(listener: RunEventListener): () => void {
    this.global.add(listener)
    return () => this.global.delete(listener)
  }

  private channel(runId: string): RunChannel {
    let channel = this.channels.get(runId)
    if (!channel) {
      channel = { seq: 0, events: [], listeners: new Set(), finished: false }
      this.channels.set(runId, channel)
    }
    return channel
  }

  private keep(channel: RunChannel, event: RunEvent): void {
    if (event.type === 'step-progress') {
      const previous = channel.events.findLastIndex((e) => e.type === 'step-progress' && e.step === event.step)
      if (previous >= 0) channel.events.splice(previous, 1)
    }
    channel.events.push(event)
    if (channel.events.length > this.maxEvents) channel.events.shift()
  }

  private finish(runId: string, channel: RunChannel): void {
    if (channel.finished) return
    channel.finished = true
    this.finishedOrder.push(runId)
    while (this.finishedOrder.length > this.retainFinished) {
      const oldest = this.finishedOrder.shift()
      const old = oldest === undefined ? undefined : this.channels.get(oldest)
      if (oldest !== undefined && old && old.listeners.size === 0) this.channels.delete(oldest)
    }
  }

  private call(listener: RunEventListener, event: RunEvent): void {
    try {
      listener(event)
    } catch (error) {
      this.options.onListenerError?.(error)
    }
  }
}
