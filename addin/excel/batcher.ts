import { ExcelOperationError, isPayloadTooLarge, WorkbookConflictError } from './excel-error.ts'
import type { BatchScope, Operation } from './operations.ts'

export type BatchOptions = {
  /** Request size to aim for; halved whenever Excel refuses a request as too large. */
  readonly targetBytes: number
  readonly minBytes?: number
  /** The user's words for the whole job, used in error messages ("Writing the result sheets"). */
  readonly job: string
  onSync?(done: { readonly bytes: number; readonly syncs: number }): void
}

export const DEFAULT_TARGET_BYTES = 2 * 1024 * 1024
const DEFAULT_MIN_BYTES = 16 * 1024

export type BatchReport = { readonly syncs: number; readonly bytes: number; readonly targetBytes: number }

/**
 * Sends the operations in order, packed into requests of about `targetBytes`, each with API
 * calculation suspended. A refused (too large) request is retried whole at half the size: Excel
 * rejects such a request before running any of it.
 */
export async function runOperations(
  context: Excel.RequestContext,
  operations: readonly Operation[],
  options: BatchOptions,
): Promise<BatchReport> {
  const queue = [...operations]
  const synced = new Set<Operation>()
  let target = options.targetBytes
  let syncs = 0
  let bytes = 0
  while (queue.length > 0) {
    const batch = nextBatch(queue, synced, target)
    try {
      await send(context, batch)
    } catch (error) {
      if (error instanceof WorkbookConflictError) throw error
      if (!isPayloadTooLarge(error) || target / 2 < (options.minBytes ?? DEFAULT_MIN_BYTES)) throw batchError(options.job, batch, error)
      queue.unshift(...batch)
      target /= 2
      continue
    }
    for (const operation of batch) synced.add(operation)
    syncs += 1
    bytes += batch.reduce((sum, operation) => sum + operation.bytes, 0)
    options.onSync?.({ bytes, syncs })
  }
  return { syncs, bytes, targetBytes: target }
}

function nextBatch(queue: Operation[], synced: ReadonlySet<Operation>, target: number): Operation[] {
  const batch: Operation[] = []
  let budget = target
  while (queue.length > 0) {
    const next = queue[0] as Operation
    if (next.after !== undefined && !synced.has(next.after) && batch.includes(next.after)) break
    if (next.bytes <= budget || (batch.length === 0 && next.take === undefined)) {
      batch.push(next)
      queue.shift()
      budget -= next.bytes
      continue
    }
    const parts = next.take?.(budget, batch.length === 0 ? 1 : 0)
    if (parts) {
      batch.push(parts[0])
      queue[0] = parts[1]
    } else if (batch.length === 0) {
      batch.push(next)
      queue.shift()
    }
    break
  }
  return batch
}

async function send(context: Excel.RequestContext, batch: readonly Operation[]): Promise<void> {
  const sheets = new Map<string, Excel.Worksheet>()
  const scope: BatchScope = {
    context,
    sheet(name) {
      let sheet = sheets.get(name)
      if (sheet === undefined) {
        sheet = context.workbook.worksheets.getItem(name)
        sheets.set(name, sheet)
      }
      return sheet
    },
  }
  context.application.suspendApiCalculationUntilNextSync()
  for (const operation of batch) operation.apply(scope)
  await context.sync()
}

function batchError(job: string, batch: readonly Operation[], cause: unknown): ExcelOperationError {
  const first = batch[0]?.label ?? 'nothing'
  const last = batch.at(-1)?.label
  const what = last === undefined || last === first ? first : `${first} … ${last}`
  return new ExcelOperationError(`${job} (${what})`, cause)
}
