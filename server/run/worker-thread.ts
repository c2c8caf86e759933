import { parentPort } from 'node:worker_threads'
import { TieoutError } from '../../shared/errors.ts'
import { createDemoSource } from '../sources/demo.ts'
import { createFilesSource } from '../sources/files.ts'
import type { Source, SourceSpec } from '../sources/source.ts'
import { extractInThisThread } from './extract-step.ts'
import { extractPart } from './extract-split.ts'
import { errorToWire, type ComputeSideTask, type ExtractTask, type FromWorker, type ToWorker } from './worker-wire.ts'

/**
 * A run's worker thread: reads one extract at a time from its own instance of the run's source,
 * checks it and writes its canonical CSV, SHA-256 and info file exactly as the run's thread would;
 * or computes the compute step's figures that do not need the vouchers.
 */
const port = parentPort
if (!port) throw new Error('worker-thread runs in a worker thread')

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
  const work =
    task.kind === 'extract'
      ? extract(id, task, controller.signal)
      : task.kind === 'extract-part'
        ? extractPart(task, controller.signal, progressOf(id))
        : computeSide(task, controller.signal)
  work
    .then(
      (output) => post({ type: 'done', id, output }),
      (error: unknown) => post({ type: 'failed', id, error: errorToWire(error) }),
    )
    .finally(() => running.delete(id))
})

function progressOf(id: number) {
  return (done: number, total: number | null, text?: string) =>
    post({ type: 'progress', id, done, total, ...(text === undefined ? {} : { message: text }) })
}

async function extract(id: number, task: ExtractTask, signal: AbortSignal) {
  const context = { runDir: task.runDir, signal, progress: progressOf(id) }
  const source = openSource(task.spec)
  try {
    return await extractInThisThread(task.extract, context, { source, params: task.params })
  } finally {
    await source.close()
  }
}

/**
 * The configuration is read again here: it must be the very bytes the run loaded. The compute
 * modules load on the first such task, so a worker that only reads extracts starts sooner.
 */
async function computeSide(task: ComputeSideTask, signal: AbortSignal) {
  const [{ loadConfigBundle }, { sideFigures, voucherFigures }] = await Promise.all([
    import('./config-bundle.ts'),
    import('./compute-step.ts'),
  ])
  const config = await loadConfigBundle(task.configDir)
  if (config.refs.map((ref) => ref.sha256).join() !== task.configSha256.join()) {
    throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', {
      file: task.configDir,
      detail: 'changed while the run was computing; start the run again',
    })
  }
  return task.figures === 'side' ? sideFigures(task, config, signal) : voucherFigures(task, config, signal)
}

function openSource(spec: SourceSpec): Source {
  switch (spec.kind) {
    case 'demo':
      return createDemoSource(spec.seed === undefined ? { scale: spec.scale } : { scale: spec.scale, seed: spec.seed })
    case 'files':
      return createFilesSource(spec.folder, {
        ...(spec.xlsx ? { xlsx: spec.xlsx } : {}),
        ...(spec.linkRoot !== undefined ? { linkRoot: spec.linkRoot } : {}),
      })
  }
}
