import type { EventEmitter } from 'node:events'

/** The part of an `mssql` streaming request this adapter drives. */
export type StreamingRequest = Pick<EventEmitter, 'on' | 'removeListener'> & {
  pause(): unknown
  resume(): unknown
  cancel(): unknown
}

export type RowStreamOptions = {
  readonly signal: AbortSignal
  /** Rows buffered before the request is paused: memory stays bounded by about twice this. */
  readonly highWaterMark: number
  /** Turns a driver error into the error the consumer sees. */
  readonly classify: (error: unknown) => Error
}

export type RowStream = {
  /** Column names of the first result set; rejects if the query fails or returns none. */
  readonly header: Promise<readonly string[]>
  readonly records: AsyncIterable<readonly unknown[]>
  /** Stops the query (used when the caller rejects the header). */
  cancel(): void
  /** How often the request was paused because the consumer fell behind. */
  readonly pauses: () => number
}

type Column = { readonly name: string }

/**
 * Adapts an `mssql` request in stream mode (`stream = true`, `arrayRowMode = true`) to a header
 * promise and an async iterable of rows. Attach before calling `query`. Rows are buffered up to
 * `highWaterMark`, then the request is paused until the consumer takes the buffer, so a slow
 * consumer (the CSV writer) holds back SQL Server instead of filling memory.
 */
export function streamRows(request: StreamingRequest, options: RowStreamOptions): RowStream {
  let buffer: (readonly unknown[])[] = []
  let failure: Error | null = null
  let done = false
  let paused = false
  let pauseCount = 0
  let wake: (() => void) | null = null
  const header = onceSettled<readonly string[]>()

  const notify = (): void => {
    const waiting = wake
    wake = null
    waiting?.()
  }
  const fail = (error: Error): void => {
    if (failure) return
    failure = error
    header.reject(error)
    notify()
  }
  const onRecordset = (columns: readonly Column[]): void => header.resolve(columns.map((column) => column.name))
  const onRow = (row: readonly unknown[]): void => {
    buffer.push(row)
    if (!paused && buffer.length >= options.highWaterMark) {
      paused = true
      pauseCount++
      request.pause()
    }
    if (buffer.length === 1) notify()
  }
  const onError = (error: unknown): void => fail(options.classify(error))
  const onDone = (): void => {
    done = true
    if (!header.settled()) fail(options.classify(new Error('the query returned no result set')))
    notify()
  }
  const onAbort = (): void => {
    fail(abortReason(options.signal))
    request.cancel()
  }
  const detach = listen(request, options.signal, { recordset: onRecordset, row: onRow, error: onError, done: onDone }, onAbort)
  // Rejections are consumed by `read()`; this keeps an unobserved one from crashing the process.
  header.promise.catch(() => {})

  async function* records(): AsyncGenerator<readonly unknown[]> {
    try {
      for (;;) {
        if (failure) throw failure
        if (buffer.length > 0) {
          const batch = buffer
          buffer = []
          if (paused) {
            paused = false
            request.resume()
          }
          for (const row of batch) {
            if (failure) throw failure
            yield row
          }
          continue
        }
        if (done) return
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
    } finally {
      // The consumer stopped early or failed: stop the query so its connection returns to the pool.
      if (!done) request.cancel()
      detach()
    }
  }

  return {
    header: header.promise,
    records: records(),
    cancel: () => {
      if (!done) request.cancel()
      detach()
    },
    pauses: () => pauseCount,
  }
}

function ignore(): void {}

type Handlers = {
  readonly recordset: (columns: readonly Column[]) => void
  readonly row: (row: readonly unknown[]) => void
  readonly error: (error: unknown) => void
  readonly done: () => void
}

/** Attaches the request's event handlers and the abort handler; returns what detaches them all. */
function listen(request: StreamingRequest, signal: AbortSignal, handlers: Handlers, onAbort: () => void): () => void {
  const events = Object.entries(handlers) as [keyof Handlers, Parameters<StreamingRequest['on']>[1]][]
  for (const [event, handler] of events) request.on(event, handler)
  signal.addEventListener('abort', onAbort, { once: true })
  if (signal.aborted) onAbort()
  return () => {
    for (const [event, handler] of events) request.removeListener(event, handler)
    signal.removeEventListener('abort', onAbort)
    // The driver still reports the cancelled query's error; an unheard 'error' event would throw.
    request.on('error', ignore)
  }
}

/** A promise settled by the first of `resolve` or `reject`; later calls are ignored. */
function onceSettled<T>() {
  let settled = false
  let settle: { resolve: (value: T) => void; reject: (error: Error) => void } = { resolve: () => {}, reject: () => {} }
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject }
  })
  return {
    promise,
    settled: () => settled,
    resolve: (value: T): void => {
      if (settled) return
      settled = true
      settle.resolve(value)
    },
    reject: (error: Error): void => {
      if (settled) return
      settled = true
      settle.reject(error)
    },
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'))
}
