import { useCallback, useEffect, useRef, useState } from 'react'
import type { StartRunBody } from '../../shared/api/runs.ts'
import { ApiError } from '../api/client.ts'
import { followRun } from '../api/sse.ts'
import type { TieoutApi } from '../api/tieout-api.ts'
import { ExcelOperationError, scanReviews } from '../excel/index.ts'
import { type Notice, noticeOf } from '../messages.ts'
import type { LoadedRun } from '../state/loaded-run.ts'
import { applyEvent, runFraction, type StepView, stepsFromRun } from '../state/steps.ts'
import { reloadWorkbookRun, renderRun } from './load-run.ts'

export type RunPhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'running'; readonly runId: string; readonly steps: readonly StepView[]; readonly fraction: number }
  | { readonly kind: 'writing'; readonly runId: string; readonly fraction: number; readonly steps: readonly StepView[] }
  | { readonly kind: 'done'; readonly runId: string }
  | { readonly kind: 'confirm'; readonly pending: number; proceed(): void }
  /** The new run would supersede a signed-off run of the same scope: asked before it starts. */
  | { readonly kind: 'supersede'; readonly message: string; proceed(): void }
  | { readonly kind: 'failed'; readonly notice: Notice; readonly steps?: readonly StepView[] }

/** Unsynced review edits in the workbook that writing new sheets would throw away. */
async function pendingEdits(loaded: LoadedRun | null): Promise<number> {
  if (loaded === null) return 0
  try {
    return (await scanReviews(loaded.model)).changes.length
  } catch (error) {
    // The result sheets were deleted: no review edit is left to lose.
    if (error instanceof ExcelOperationError && error.code === 'ItemNotFound') return 0
    throw error
  }
}

/** Starting a run, following its progress, and writing its sheets (also for a run from the history). */
export function useReconcile(api: TieoutApi, onSettled: () => void) {
  const [phase, setPhase] = useState<RunPhase>({ kind: 'idle' })
  const [loaded, setLoaded] = useState<LoadedRun | null>(null)
  const loadedRef = useRef(loaded)
  loadedRef.current = loaded
  const stream = useRef<AbortController | null>(null)

  useEffect(() => {
    reloadWorkbookRun(api)
      .then((run) => {
        if (run === null) return
        setLoaded(run)
        setPhase({ kind: 'done', runId: run.stored.runId })
      })
      .catch((error: unknown) => setPhase({ kind: 'failed', notice: noticeOf(error, 'Reading the run in this workbook') }))
    return () => stream.current?.abort()
  }, [api])

  const write = useCallback(
    async (runId: string, steps: readonly StepView[] = []) => {
      setPhase({ kind: 'writing', runId, fraction: 0, steps })
      const run = await renderRun(api, runId, (p) =>
        setPhase({ kind: 'writing', runId, fraction: p.bytesWritten / Math.max(1, p.bytesTotal), steps }),
      )
      setLoaded(run)
      setPhase({ kind: 'done', runId })
    },
    [api],
  )

  /** Follows the run to its end; the finished steps when it succeeded, else null (the phase says why). */
  const follow = useCallback(
    async (runId: string): Promise<readonly StepView[] | null> => {
      let steps = stepsFromRun((await api.run(runId)).steps)
      setPhase({ kind: 'running', runId, steps, fraction: runFraction(steps) })
      const controller = new AbortController()
      stream.current = controller
      const finished = await followRun(
        api,
        runId,
        (event) => {
          steps = applyEvent(steps, event)
          setPhase({ kind: 'running', runId, steps, fraction: runFraction(steps) })
        },
        controller.signal,
      )
      if (finished.type === 'run-finished' && finished.status === 'cancelled') {
        const notice: Notice = { intent: 'info', title: 'Run cancelled', message: `Run ${runId} was cancelled; the workbook is unchanged.` }
        setPhase({ kind: 'failed', notice, steps })
        return null
      }
      if (finished.type === 'run-finished' && finished.status !== 'succeeded') {
        const error = finished.error ?? { code: 'TIEOUT_ERR_INTERNAL', message: `The run ended ${finished.status}.` }
        setPhase({ kind: 'failed', notice: noticeOf(new ApiError(0, error.code, error.message), 'The run'), steps })
        return null
      }
      return steps
    },
    [api],
  )

  /** Runs `job` unless it would overwrite unsynced review edits; then asks first. */
  const guarded = useCallback(
    async (job: () => Promise<void>, action: string, force = false) => {
      try {
        const pending = force ? 0 : await pendingEdits(loadedRef.current)
        if (pending > 0) {
          setPhase({ kind: 'confirm', pending, proceed: () => void guardedRef.current(job, action, true) })
          return
        }
        await job()
      } catch (error) {
        setPhase((current) => ({
          kind: 'failed',
          notice: noticeOf(error, action),
          ...(current.kind === 'running' || current.kind === 'writing' ? { steps: current.steps } : {}),
        }))
      } finally {
        onSettled()
      }
    },
    [onSettled],
  )
  const guardedRef = useRef(guarded)
  guardedRef.current = guarded

  /**
   * Starts a run. One that would supersede a signed-off run (known from the history, or refused by
   * the server with a conflict) is confirmed first, then sent with `supersedeSignedOff`.
   */
  const start = useCallback(
    (body: StartRunBody, signedOffRun: string | null = null): Promise<void> => {
      const ask = (message: string): void =>
        setPhase({ kind: 'supersede', message, proceed: () => void startRef.current({ ...body, supersedeSignedOff: true }) })
      if (signedOffRun !== null && body.supersedeSignedOff !== true) {
        ask(
          `Run ${signedOffRun} of ${body.period} for these entities is signed off. A new run supersedes it: its sign-off no longer stands and the new run needs its own review and sign-off.`,
        )
        return Promise.resolve()
      }
      return guarded(async () => {
        setPhase({ kind: 'starting' })
        let started: { id: string }
        try {
          started = await api.startRun(body)
        } catch (error) {
          if (
            error instanceof ApiError &&
            error.status === 409 &&
            error.code === 'TIEOUT_ERR_CONFLICT' &&
            body.supersedeSignedOff !== true
          ) {
            ask(error.message)
            return
          }
          throw error
        }
        const steps = await follow(started.id)
        if (steps !== null) await write(started.id, steps)
      }, 'Reconcile')
    },
    [api, follow, write, guarded],
  )
  const startRef = useRef(start)
  startRef.current = start

  const open = useCallback((runId: string) => guarded(() => write(runId), 'Opening the run'), [write, guarded])

  const cancel = useCallback(
    async (runId: string) => {
      try {
        await api.cancel(runId)
      } catch (error) {
        setPhase({ kind: 'failed', notice: noticeOf(error, 'Cancelling the run') })
      }
    },
    [api],
  )

  const dismiss = useCallback(
    () => setPhase(loadedRef.current ? { kind: 'done', runId: loadedRef.current.stored.runId } : { kind: 'idle' }),
    [],
  )

  return { phase, loaded, setLoaded, start, open, cancel, dismiss }
}
