import type { ExtractId } from '../../shared/extracts/schema.ts'
import { demoHeader, demoRows } from '../demo/index.ts'
import type { ExtractRequest, RecordStream, Source } from './source.ts'

/** The built-in, deterministic demo data as a source: the same rows every time for the same inputs. */
export function createDemoSource(options: { scale: number; seed?: number }): Source {
  return {
    kind: 'demo',
    describe: () => `demo: scale ${options.scale}, seed ${options.seed ?? 'default'}`,
    workerSpec: () =>
      options.seed === undefined ? { kind: 'demo', scale: options.scale } : { kind: 'demo', scale: options.scale, seed: options.seed },
    has: async () => true,
    read: async (request) => demoStream(request, options),
    close: async () => {},
  }
}

function demoStream(request: ExtractRequest, options: { scale: number; seed?: number }): RecordStream {
  const { extract, params, signal } = request
  const rows = demoRows(extract, {
    period: params.period,
    companies: params.companies.length > 0 ? params.companies : undefined,
    scale: options.scale,
    seed: options.seed,
  })
  return {
    header: demoHeader(extract),
    records: abortable(rows, signal, extract),
    batches: batched(rows, signal, extract),
    provenance: {
      kind: 'demo',
      description: `Tieout demo generator, ${extract}, period ${params.period.period}, scale ${options.scale}`,
      boundParameters: { period: params.period.period, scale: options.scale, seed: options.seed ?? null },
    },
  }
}

const BATCH_ROWS = 0x4000

/** The rows a few thousand at a time, yielding to the event loop between batches. */
async function* batched(rows: Iterable<unknown[]>, signal: AbortSignal, extract: ExtractId): AsyncIterable<unknown[][]> {
  let batch: unknown[][] = []
  for (const row of rows) {
    batch.push(row)
    if (batch.length === BATCH_ROWS) {
      yield batch
      batch = []
      await new Promise((resolve) => setImmediate(resolve))
      if (signal.aborted) throw signal.reason ?? new Error(`${extract}: cancelled`)
    }
  }
  if (batch.length > 0) yield batch
}

/** Yields to the event loop every few thousand rows so a cancel (and other steps) can run. */
async function* abortable(rows: Iterable<unknown[]>, signal: AbortSignal, extract: ExtractId): AsyncIterable<unknown[]> {
  let count = 0
  for (const row of rows) {
    if ((++count & 0x3fff) === 0) {
      await new Promise((resolve) => setImmediate(resolve))
      if (signal.aborted) throw signal.reason ?? new Error(`${extract}: cancelled`)
    }
    yield row
  }
}
