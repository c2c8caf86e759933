import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import pg from 'pg'
import type { RunEvent, RunEventDraft } from '../../shared/api/events.ts'
import type { Database } from '../state/tables.ts'
import type { EventSubscription, RunEventListener } from './engine.ts'

const CHANNEL = 'tieout_run_events'
/** Cancellation requests (payload: the run id), for the instance executing the run. */
export const CANCEL_CHANNEL = 'tieout_run_cancel'
/** NOTIFY payloads must stay under 8000 bytes; a longer event is read back from its row. */
const MAX_PAYLOAD = 7_000

type Notice = { readonly origin: string; readonly event?: RunEvent; readonly runId?: string; readonly seq?: number }

/**
 * Run events shared by every instance on one database. Each event is numbered per run and kept in
 * `run_events` (only the latest progress of each step, so a replay stays short), then announced
 * with NOTIFY; each instance LISTENs and hands events to its own subscribers. Events of one run
 * are emitted in call order.
 */
export class RunEvents {
  private readonly origin = randomUUID()
  private readonly byRun = new Map<string, Set<RunEventListener>>()
  private readonly everyRun = new Set<RunEventListener>()
  private readonly chains = new Map<string, Promise<unknown>>()
  private client: pg.Client | null = null
  private onCancel: (runId: string) => void = () => {}
  private closed = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly url: string,
    private readonly logger: { warn(details: object, message: string): void },
  ) {}

  /** Starts listening for other instances' events and cancellations; reconnects after losing the database. */
  async open(onCancel: (runId: string) => void): Promise<void> {
    this.onCancel = onCancel
    const client = new pg.Client({ connectionString: this.url })
    client.on('notification', (message) => {
      if (message.channel === CANCEL_CHANNEL) this.onCancel(message.payload ?? '')
      else void this.received(message.payload)
    })
    client.on('error', (error) => this.lost(client, error))
    client.on('end', () => this.lost(client, null))
    await client.connect()
    await client.query(`listen ${CHANNEL}`)
    await client.query(`listen ${CANCEL_CHANNEL}`)
    this.client = client
  }

  private onError(error: unknown, message: string): void {
    this.logger.warn({ err: error }, message)
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled(this.chains.values())
    await this.client?.end().catch(() => {})
    this.client = null
  }

  /** Numbers and keeps the event, announces it, then hands it to this instance's subscribers. */
  emit(draft: RunEventDraft): Promise<RunEvent> {
    const previous = this.chains.get(draft.runId) ?? Promise.resolve()
    const next = previous.catch(() => {}).then(() => this.record(draft))
    this.chains.set(draft.runId, next)
    void next
      .finally(() => {
        if (this.chains.get(draft.runId) === next) this.chains.delete(draft.runId)
      })
      .catch(() => {})
    return next.then((event) => {
      this.deliver(event)
      return event
    })
  }

  /**
   * Listens first, then reads what was kept: events arriving meanwhile are held back and handed on
   * only after the caller has taken the replay, so none is lost or seen out of order.
   */
  async subscribe(runId: string, listener: RunEventListener): Promise<EventSubscription> {
    let held: RunEvent[] | null = []
    const hold: RunEventListener = (event) => (held ? held.push(event) : listener(event))
    let listeners = this.byRun.get(runId)
    if (!listeners) this.byRun.set(runId, (listeners = new Set()))
    listeners.add(hold)
    const unsubscribe = () => {
      listeners.delete(hold)
      if (listeners.size === 0 && this.byRun.get(runId) === listeners) this.byRun.delete(runId)
    }
    const rows = await this.db.selectFrom('run_events').select('event').where('run_id', '=', runId).orderBy('seq').execute()
    const replay = rows.map((row) => JSON.parse(row.event) as RunEvent)
    const last = replay.at(-1)?.seq ?? 0
    setImmediate(() => {
      const pending = held ?? []
      held = null
      for (const event of pending) if (event.seq > last) listener(event)
    })
    return { replay, unsubscribe }
  }

  subscribeAll(listener: RunEventListener): () => void {
    this.everyRun.add(listener)
    return () => this.everyRun.delete(listener)
  }

  private async record(draft: RunEventDraft): Promise<RunEvent> {
    return this.db.transaction().execute(async (trx) => {
      const { event_seq: seq } = await trx
        .updateTable('runs')
        .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
        .where('id', '=', draft.runId)
        .returning('event_seq')
        .executeTakeFirstOrThrow()
      const event = { ...draft, seq } as RunEvent
      const step = 'step' in event ? event.step : null
      if (event.type === 'step-progress') {
        await trx
          .deleteFrom('run_events')
          .where('run_id', '=', event.runId)
          .where('type', '=', 'step-progress')
          .where('step', '=', step)
          .execute()
      }
      await trx
        .insertInto('run_events')
        .values({ run_id: event.runId, seq, type: event.type, step, event: JSON.stringify(event) })
        .execute()
      await sql`select pg_notify(${CHANNEL}, ${this.notice(event)})`.execute(trx)
      return event
    })
  }

  private notice(event: RunEvent): string {
    const whole = JSON.stringify({ origin: this.origin, event } satisfies Notice)
    return whole.length <= MAX_PAYLOAD
      ? whole
      : JSON.stringify({ origin: this.origin, runId: event.runId, seq: event.seq } satisfies Notice)
  }

  private async received(payload: string | undefined): Promise<void> {
    try {
      const notice = JSON.parse(payload ?? '{}') as Notice
      if (notice.origin === this.origin) return
      const event = notice.event ?? (await this.readBack(notice))
      if (event) this.deliver(event)
    } catch (error) {
      this.onError(error, 'a run event from another instance could not be read')
    }
  }

  private async readBack(notice: Notice): Promise<RunEvent | undefined> {
    if (notice.runId === undefined || notice.seq === undefined) return undefined
    const row = await this.db
      .selectFrom('run_events')
      .select('event')
      .where('run_id', '=', notice.runId)
      .where('seq', '=', notice.seq)
      .executeTakeFirst()
    return row ? (JSON.parse(row.event) as RunEvent) : undefined
  }

  private deliver(event: RunEvent): void {
    for (const listener of [...(this.byRun.get(event.runId) ?? []), ...this.everyRun]) {
      try {
        listener(event)
      } catch (error) {
        this.onError(error, 'run event listener failed')
      }
    }
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.client !== client || this.closed) return
    this.client = null
    if (error) this.onError(error, 'run event listener lost the database; reconnecting')
    const retry = (wait: number) => {
      if (this.closed) return
      this.open(this.onCancel).catch(() => setTimeout(() => retry(Math.min(wait * 2, 5_000)), wait).unref())
    }
    retry(250)
  }
}
