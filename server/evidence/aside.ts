import { Worker } from 'node:worker_threads'
import { TieoutError } from '../../shared/errors.ts'

/**
 * Runs a short CommonJS `script` on a thread of its own (no TypeScript, no application modules:
 * it starts in milliseconds), with `workerData` as given; resolves with the one value it posts.
 * For file work that would otherwise hold the main thread (hashing) or libuv's thread pool
 * (copying) while another part of the same step needs it.
 */
export function runAside<T>(what: string, script: string, workerData: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { eval: true, workerData })
    let value: { posted: T } | null = null
    let failed: unknown = null
    worker.once('message', (message: T) => {
      value = { posted: message }
    })
    worker.once('error', (error) => {
      failed = error
    })
    worker.once('exit', (code) => {
      if (failed === null && code === 0 && value !== null) return resolve(value.posted)
      const reason = failed instanceof Error ? failed.message : `the thread stopped with code ${code}`
      reject(new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `cannot ${what}: ${reason}` }, { cause: failed ?? undefined }))
    })
  })
}
