import { type Dispatch, type MutableRefObject, type SetStateAction, useCallback, useEffect, useRef, useState } from 'react'
import type { RunEvent } from '../../shared/api/events.ts'
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

export type SetPhase = Dispatch<SetStateAction<RunPhase>>

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

export function runningPhase(runId: string, steps: readonly StepView[]): RunPhase {
  return { kind: 'running', runId, steps, fraction: runFraction(steps) }
}

/** The failure shown for a run's last event; null when the run succeeded. */
export function endedPhase(runId: string, finished: RunEvent, steps: readonly StepView[]): RunPhase | null {
  if (finished.type !== 'run-finished' || finished.status === 'succeeded') return null
  if (finished.status === 'cancelled') {
    const notice: Notice = { intent: 'info', title: 'Run cancelled', message: `Run ${runId} was cancelled; the workbook is unchanged.` }
    return { kind: 'failed', notice, steps }
  }
  const error = finished.error ?? { code: 'TIEOUT_ERR_INTERNAL', message: `The run ended ${finished.status}.` }
  return { kind: 'failed', notice: noticeOf(new ApiError(0, error.code, error.message), 'The run'), steps }
}

/** A failure, keeping the steps of a run that was in progress so the list shows where it stopped. */
export function failedPhase(current: RunPhase, notice: Notice): RunPhase {
  return { kind: 'failed', notice, ...(current.kind === 'running' || current.kind === 'writing' ? { steps: current.steps } : {}) }
}

/** What the pane shows when nothing is in progress: the workbook's run, if any. */
export function restingPhase(loaded: LoadedRun | null): RunPhase {
  return loaded ? { kind: 'done', runId: loaded.stored.runId } : { kind: 'idle' }
}

export function supersedeQuestion(signedOffRun: string, period: string): string {
  return `Run ${signedOffRun} of ${period} for these entities is signed off. A new run supersedes it: its sign-off no longer stands and the new run needs its own review and sign-off.`
}

/** The server refused the run because it would supersede a signed-off run it was not told to supersede. */
export function isSupersedeRefusal(error: unknown, body: StartRunBody): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.code === 'TIEOUT_ERR_CONFLICT' && body.supersedeSignedOff !== true
}

/** Follows the run to its end; the finished steps when it succeeded, else null (the phase says why). */
export async function followToEnd(
  api: TieoutApi,
  runId: string,
  setPhase: SetPhase,
  signal: AbortSignal,
): Promise<readonly StepView[] | null> {
  let steps = stepsFromRun((await api.run(runId)).steps)
  setPhase(runningPhase(runId, steps))
  const onEvent = (event: RunEvent): void => {
    steps = applyEvent(steps, event)
    setPhase(runningPhase(runId, steps))
  }
  const ended = endedPhase(runId, await followRun(api, runId, onEvent, signal), steps)
  if (ended === null) return steps
  setPhase(ended)
  return null
}

/** Starts the run; null when the server asks to confirm superseding a signed-off run (`ask` was called). */
export async function startOrAsk(api: TieoutApi, body: StartRunBody, ask: (message: string) => void): Promise<string | null> {
  try {
    return (await api.startRun(body)).id
  } catch (error) {
    if (!isSupersedeRefusal(error, body)) throw error
    ask(error.message)
    return null
  }
}

/** The run this workbook already shows, loaded when the pane opens; a running stream ends with the pane. */
function useWorkbookRun(api: TieoutApi, setLoaded: (run: LoadedRun) => void, setPhase: SetPhase) {
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
  }, [api, setLoaded, setPhase])
  return stream
}

/** Runs a job unless it would overwrite unsynced review edits (then asks first); a failure becomes the phase. */
function useGuard(loadedRef: MutableRefObject<LoadedRun | null>, setPhase: SetPhase, onSettled: () => void) {
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
        setPhase((current) => failedPhase(current, noticeOf(error, action)))
      } finally {
        onSettled()
      }
    },
    [loadedRef, setPhase, onSettled],
  )
  const guardedRef = useRef(guarded)
  guardedRef.current = guarded
  return guarded
}

/** Starting a run, following its progress, and writing its sheets (also for a run from the history). */
export function useReconcile(api: TieoutApi, onSettled: () => void) {
  const [phase, setPhase] = useState<RunPhase>({ kind: 'idle' })
  const [loaded, setLoaded] = useState<LoadedRun | null>(null)
  const loadedRef = useRef(loaded)
  loadedRef.current = loaded
  const stream = useWorkbookRun(api, setLoaded, setPhase)
  const guarded = useGuard(loadedRef, setPhase, onSettled)

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

  /**
   * Starts a run. One that would supersede a signed-off run (known from the history, or refused by
   * the server with a conflict) is confirmed first, then sent with `supersedeSignedOff`.
   */
  const start = useCallback(
    (body: StartRunBody, signedOffRun: string | null = null): Promise<void> => {
      const ask = (message: string): void =>
        setPhase({ kind: 'supersede', message, proceed: () => void startRef.current({ ...body, supersedeSignedOff: true }) })
      if (signedOffRun !== null && body.supersedeSignedOff !== true) {
        ask(supersedeQuestion(signedOffRun, body.period))
        return Promise.resolve()
      }
      return guarded(async () => {
        setPhase({ kind: 'starting' })
        const runId = await startOrAsk(api, body, ask)
        if (runId === null) return
        const controller = new AbortController()
        stream.current = controller
        const steps = await followToEnd(api, runId, setPhase, controller.signal)
        if (steps !== null) await write(runId, steps)
      }, 'Reconcile')
    },
    [api, stream, write, guarded],
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

  const dismiss = useCallback(() => setPhase(restingPhase(loadedRef.current)), [])

  return { phase, loaded, setLoaded, start, open, cancel, dismiss }
}
