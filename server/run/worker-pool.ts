import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { TieoutError } from '../../shared/errors.ts'
import {
  errorFromWire,
  type ComputeSideTask,
  type ExtractPartTask,
  type ExtractTask,
  type FromWorker,
  type ToWorker,
  type WorkerTask,
} from './worker-wire.ts'
import type { StepOutput, StepProgress } from '../engine/workflow.ts'

/**
 * Extract steps run in worker threads, one extract per worker at a time, as many workers as the
 * machine has cores: reading, checking and writing an extract is CPU work, and one thread would
 * leave the other cores idle. Workers start on first use and stay (idle ones do not keep the
 * process alive); one that dies is replaced.
 */
export type ExtractWorkerPool = {
  readonly size: number
  run(task: ExtractTask, options: { signal: AbortSignal; progress: StepProgress }): Promise<StepOutput>
  run(task: ComputeSideTask | ExtractPartTask, options: { signal: AbortSignal; progress: StepProgress }): Promise<unknown>
  /** Starts the workers ahead of their first task (their start-up overlaps the entity master). */
  warm(): void
  close(): Promise<void>
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url)

type Job = {
  readonly id: number
  readonly task: WorkerTask
  readonly signal: AbortSignal
  readonly progress: StepProgress
  readonly resolve: (output: unknown) => void
  readonly reject: (error: unknown) => void
  readonly onAbort: () => void
}

type Slot = { readonly worker: Worker; job: Job | null; idle: NodeJS.Timeout | null }

/**
 * An idle worker stops after this long (a new one takes about a second to start), so its memory
 * is back for the compute step that follows the extracts.
 */
const IDLE_MS = 2_000
/** A worker started ahead of its first task waits longer (the entity master may take a while). */
const WARM_MS = 30_000

export function createExtractWorkerPool(size: number): ExtractWorkerPool {
  const slots: Slot[] = []
  const queue: Job[] = []
  let nextId = 1

  function startWorker(): Slot {
    const worker = new Worker(ENTRY)
    const slot: Slot = { worker, job: null, idle: null }
    worker.on('message', (message: FromWorker) => {
      const job = slot.job
      if (!job || job.id !== message.id) return
      if (message.type === 'progress') return job.progress(message.done, message.total, message.message)
      finish(slot, job)
      if (message.type === 'done') job.resolve(message.output)
      else job.reject(job.signal.aborted ? job.signal.reason : errorFromWire(message.error))
    })
    let failure: Error | null = null
    worker.on('error', (error) => (failure = error))
    worker.on('exit', (code) => {
      const index = slots.indexOf(slot)
      if (index >= 0) slots.splice(index, 1)
      const job = slot.job
      if (job) {
        finish(slot, job)
        const detail = `the worker ${job.task.kind === 'compute-side' ? 'computing' : `reading ${job.task.extract}`} stopped (exit code ${code}${failure ? `: ${failure.message}` : ''})`
        job.reject(job.signal.aborted ? job.signal.reason : new TieoutError('TIEOUT_ERR_INTERNAL', { detail }, { cause: failure }))
      }
      dispatch()
    })
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref()
    slots.push(slot)
    return slot
  }

  function finish(slot: Slot, job: Job): void {
    job.signal.removeEventListener('abort', job.onAbort)
    slot.job = null
    slot.worker.unref()
    stopWhenIdle(slot)
    queueMicrotask(dispatch)
  }

  function stopWhenIdle(slot: Slot, ms = IDLE_MS): void {
    if (slot.idle) clearTimeout(slot.idle)
    slot.idle = setTimeout(() => {
      const index = slots.indexOf(slot)
      if (slot.job !== null || index < 0) return
      slots.splice(index, 1)
      void slot.worker.terminate()
    }, ms)
    slot.idle.unref()
  }

  function dispatch(): void {
    while (queue.length > 0) {
      const slot = slots.find((candidate) => candidate.job === null) ?? (slots.length < size ? startWorker() : undefined)
      if (!slot) return
      const job = queue.shift() as Job
      if (slot.idle) clearTimeout(slot.idle)
      slot.idle = null
      slot.job = job
      slot.worker.ref()
      slot.worker.postMessage({ type: 'run', id: job.id, task: job.task } satisfies ToWorker)
    }
  }

  return {
    size,
    run(task: WorkerTask, { signal, progress }: { signal: AbortSignal; progress: StepProgress }): Promise<never> {
      signal.throwIfAborted()
      return new Promise<never>((resolve, reject) => {
        const id = nextId++
        const onAbort = () => {
          const queued = queue.indexOf(job)
          if (queued >= 0) {
            queue.splice(queued, 1)
            signal.removeEventListener('abort', onAbort)
            reject(signal.reason)
            return
          }
          slots.find((slot) => slot.job === job)?.worker.postMessage({ type: 'abort', id } satisfies ToWorker)
        }
        const job: Job = { id, task, signal, progress, resolve: resolve as (output: unknown) => void, reject, onAbort }
        signal.addEventListener('abort', onAbort, { once: true })
        queue.push(job)
        dispatch()
      })
    },
    warm() {
      while (slots.length < size) stopWhenIdle(startWorker(), WARM_MS)
    },
    async close() {
      const workers = slots.splice(0).map((slot) => slot.worker)
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}

let shared: ExtractWorkerPool | null | undefined

/**
 * The process's pool, sized by `TIEOUT_EXTRACT_WORKERS` (default: the number of cores; 0 reads
 * every extract in the run's own thread).
 */
export function extractWorkerPool(): ExtractWorkerPool | null {
  if (shared === undefined) {
    const size = workerCount(process.env.TIEOUT_EXTRACT_WORKERS)
    shared = size === 0 ? null : createExtractWorkerPool(size)
  }
  return shared
}

function workerCount(raw: string | undefined): number {
  const text = raw?.trim() ?? ''
  if (text === '') return availableParallelism()
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0 || value > 64) {
    throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', {
      file: 'environment',
      detail: `TIEOUT_EXTRACT_WORKERS must be an integer from 0 to 64, got "${text}"`,
    })
  }
  return value
}
