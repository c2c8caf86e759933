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
  let headerSettled = false
  let resolveHeader: (header: readonly string[]) => void = () => {}
  let rejectHeader: (error: Error) => void = () => {}
  const header = new Promise<readonly string[]>((resolve, reject) => {
    resolveHeader = resolve
    rejectHeader = reject
  })

  const notify = (): void => {
    const waiting = wake
    wake = null
    waiting?.()
  }
  const fail = (error: Error): void => {
    if (failure) return
    failure = error
    if (!headerSettled) {
      headerSettled = true
      rejectHeader(error)
    }
    notify()
  }
  const onRecordset = (columns: readonly Column[]): void => {
    if (headerSettled) return
    headerSettled = true
    resolveHeader(columns.map((column) => column.name))
  }
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
    if (!headerSettled) fail(options.classify(new Error('the query returned no result set')))
    notify()
  }
  const onAbort = (): void => {
    fail(abortReason(options.signal))
    request.cancel()
  }
  const detach = (): void => {
    request.removeListener('recordset', onRecordset)
    request.removeListener('row', onRow)
    request.removeListener('error', onError)
    request.removeListener('done', onDone)
    options.signal.removeEventListener('abort', onAbort)
    // The driver still reports the cancelled query's error; an unheard 'error' event would throw.
    request.on('error', ignore)
  }

  request.on('recordset', onRecordset)
  request.on('row', onRow)
  request.on('error', onError)
  request.on('done', onDone)
  options.signal.addEventListener('abort', onAbort, { once: true })
  if (options.signal.aborted) onAbort()
  // Rejections are consumed by `read()`; this keeps an unobserved one from crashing the process.
  header.catch(() => {})

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
    header,
    records: records(),
    cancel: () => {
      if (!done) request.cancel()
      detach()
    },
    pauses: () => pauseCount,
  }
}

function ignore(): void {}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'))
}
