import { parentPort } from 'node:worker_threads'
import { createDemoSource } from '../sources/demo.ts'
import { createFilesSource } from '../sources/files.ts'
import type { Source, SourceSpec } from '../sources/source.ts'
import { extractInThisThread } from './extract-step.ts'
import { errorToWire, type FromWorker, type ToWorker } from './worker-wire.ts'

/**
 * An extract worker: reads one extract at a time from its own instance of the run's source,
 * checks it and writes its canonical CSV, SHA-256 and info file exactly as the run's thread would.
 */
const port = parentPort
if (!port) throw new Error('worker-extract runs in a worker thread')

const running = new Map<number, AbortController>()
const post = (message: FromWorker) => port.postMessage(message)

port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') {
    running.get(message.id)?.abort(new Error('cancelled'))
    return
  }
  const { id, task } = message
  const controller = new AbortController()
  running.set(id, controller)
  const context = {
    runDir: task.runDir,
    signal: controller.signal,
    progress: (done: number, total: number | null, text?: string) =>
      post({ type: 'progress', id, done, total, ...(text === undefined ? {} : { message: text }) }),
  }
  const source = openSource(task.spec)
  extractInThisThread(task.extract, context, { source, params: task.params })
    .finally(() => source.close())
    .then(
      (output) => post({ type: 'done', id, output }),
      (error: unknown) => post({ type: 'failed', id, error: errorToWire(error) }),
    )
    .finally(() => running.delete(id))
})

function openSource(spec: SourceSpec): Source {
  switch (spec.kind) {
    case 'demo':
      return createDemoSource(spec.seed === undefined ? { scale: spec.scale } : { scale: spec.scale, seed: spec.seed })
    case 'files':
      return createFilesSource(spec.folder, spec.xlsx ? { xlsx: spec.xlsx } : {})
  }
}
