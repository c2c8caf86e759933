import { useCallback, useState } from 'react'
import type { OpenItem } from '../../shared/api/common.ts'
import type { PutReviewsBody, ReopenResponse } from '../../shared/api/reviews.ts'
import type { Signoff } from '../../shared/api/runs.ts'
import type { RunResult } from '../../shared/result/types.ts'
import { ApiError } from '../api/client.ts'
import type { TieoutApi } from '../api/tieout-api.ts'
import {
  type ReviewChange,
  type ReviewProblem,
  scanReviews,
  selectRow,
  storeWorkbookRun,
  writeSavedReviews,
  writeSummaryBlock,
} from '../excel/index.ts'
import { type Notice, noticeOf } from '../messages.ts'
import type { LoadedRun } from '../state/loaded-run.ts'
import { openItemsOf } from '../state/open-items.ts'
import { changedReviewKeys } from '../state/review-rows.ts'
import { latestReviewTime } from '../state/reviews-as-of.ts'
import { reviewsOf, workbookOf } from './load-run.ts'
import { saveFile } from './save-file.ts'

type ReviewInput = PutReviewsBody['reviews'][number]

/** The server takes at most this many reviews per request. */
const PUT_BATCH = 5_000

const problemText = (p: ReviewProblem): string =>
  p.kind === 'invalid-status'
    ? `${p.address}: "${p.found}" is not a review status`
    : `${p.address} (${p.column}): ${p.written} → ${p.found}`

const changeText = (c: ReviewChange): string => `${c.sheet}: ${c.lineKey} → ${c.status}${c.comment === '' ? '' : ` · ${c.comment}`}`

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

const atMinute = (timestamp: string): string => `${timestamp.slice(0, 16).replace('T', ' ')} UTC`

export function syncRefusedNotice(problems: readonly ReviewProblem[]): Notice {
  return {
    intent: 'error',
    title: 'Sync refused: only Review status and Comment may change',
    message: `${plural(problems.length, 'cell')} differ from what Tieout wrote. Undo these edits (or open the run again to rewrite its sheets), then sync.`,
    items: problems.slice(0, 8).map(problemText),
  }
}

/** `others`: reviews saved by someone else that the sync brought into the sheets. */
export function syncedNotice(changes: readonly ReviewChange[], others: number): Notice {
  return {
    intent: changes.length === 0 ? 'info' : 'success',
    title: changes.length === 0 ? 'No review changes to send' : `Saved ${plural(changes.length, 'review')}`,
    message:
      others > 0
        ? `${plural(others, 'review')} saved by others shown in the sheets.`
        : 'The sheets show the reviews as stored on the server.',
    items: changes.slice(0, 8).map(changeText),
  }
}

export function signedOffNotice(signoff: Signoff): Notice {
  return {
    intent: 'success',
    title: 'Run signed off',
    message: `Signed off by ${signoff.reviewer} at ${atMinute(signoff.at)}. The Summary sheet shows it.`,
  }
}

/** The open items of a refused sign-off and what the pane says; null for any other failure. */
export function signOffRefusal(error: unknown, result: RunResult): { items: OpenItem[]; notice: Notice } | null {
  if (!(error instanceof ApiError && (error.openItems.length > 0 || error.items.length > 0))) return null
  const items = openItemsOf(error, result)
  const notice: Notice = {
    intent: 'warning',
    title: `Sign-off refused: ${plural(items.length, 'item')} still Open`,
    message: 'Give each a review status other than Open (or explain the group), sync, then sign off again.',
  }
  return { items, notice }
}

export function reopenedNotice(reopened: ReopenResponse): Notice {
  return {
    intent: 'info',
    title: 'Sign-off reopened',
    message: `Reopened by ${reopened.reopenedBy} at ${atMinute(reopened.at)}: ${reopened.reason}. Reviews can change again; sign off when done.`,
  }
}

export function notInSheetsNotice(lineKey: string): Notice {
  return {
    intent: 'warning',
    title: 'Not in the sheets',
    message: `${lineKey} is not in this workbook's sheets. Open the run again to rewrite them.`,
  }
}

/** Sends the review edits in batches the server accepts. */
export async function sendReviews(api: TieoutApi, runId: string, changes: readonly ReviewChange[]): Promise<void> {
  const inputs: ReviewInput[] = changes.map(({ lineKey, status, comment }) => ({ lineKey, status, comment }))
  for (let i = 0; i < inputs.length; i += PUT_BATCH) await api.putReviews(runId, { reviews: inputs.slice(i, i + PUT_BATCH) })
}

/**
 * Sends the sheet's review edits, then writes every review stored on the server back into the
 * sheets. `run` is null when the sheets hold edits other than review status and comment.
 */
export async function syncRun(api: TieoutApi, run: LoadedRun): Promise<{ run: LoadedRun | null; notice: Notice }> {
  const scan = await scanReviews(run.model)
  if (scan.problems.length > 0) return { run: null, notice: syncRefusedNotice(scan.problems) }
  const runId = run.stored.runId
  await sendReviews(api, runId, scan.changes)
  const latest = await api.reviews(runId)
  const reviews = await reviewsOf(api, latest.reviews)
  const model = workbookOf(run.result, reviews, run.detail, run.stored.writtenAt)
  const shown = changedReviewKeys(run.model, model)
  for (const change of scan.changes) shown.add(change.lineKey)
  await writeSavedReviews(model, shown)
  const stored = { ...run.stored, reviewsAsOf: latestReviewTime(latest.reviews) }
  await storeWorkbookRun(stored)
  return { run: { ...run, reviews, model, stored }, notice: syncedNotice(scan.changes, shown.size - scan.changes.length) }
}

/** The run's state fetched again and shown in the Summary's sign-off block. */
export async function refreshedRun(api: TieoutApi, run: LoadedRun): Promise<LoadedRun> {
  const detail = await api.run(run.stored.runId)
  const model = workbookOf(run.result, run.reviews, detail, new Date().toISOString())
  await writeSummaryBlock(model)
  return { ...run, detail, model }
}

type Busy = 'sync' | 'signoff' | 'reopen' | 'evidence'

/** One pane action at a time: its kind while it runs, and its failure as the notice. */
function useAction() {
  const [busy, setBusy] = useState<Busy | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)
  const act = useCallback(async (kind: Busy, action: string, job: () => Promise<void>) => {
    setBusy(kind)
    setNotice(null)
    try {
      await job()
    } catch (error) {
      setNotice(noticeOf(error, action))
    } finally {
      setBusy(null)
    }
  }, [])
  return { busy, notice, setNotice, act }
}

/** Sync review (sheet → server, and others' reviews back), sign-off, open items, evidence. */
export function useReview(api: TieoutApi, loaded: LoadedRun | null, setLoaded: (run: LoadedRun) => void) {
  const { busy, notice, setNotice, act } = useAction()
  const [openItems, setOpenItems] = useState<readonly OpenItem[]>([])

  const refreshState = useCallback(async (run: LoadedRun): Promise<void> => setLoaded(await refreshedRun(api, run)), [api, setLoaded])

  const sync = useCallback(
    (run: LoadedRun) =>
      act('sync', 'Sync review', async () => {
        const synced = await syncRun(api, run)
        if (synced.run !== null) setLoaded(synced.run)
        setNotice(synced.notice)
      }),
    [act, api, setLoaded, setNotice],
  )

  const signOff = useCallback(
    (run: LoadedRun) =>
      act('signoff', 'Sign-off', async () => {
        try {
          const signoff = await api.signOff(run.stored.runId)
          setOpenItems([])
          await refreshState(run)
          setNotice(signedOffNotice(signoff))
        } catch (error) {
          const refusal = signOffRefusal(error, run.result)
          if (refusal === null) throw error
          setOpenItems(refusal.items)
          setNotice(refusal.notice)
        }
      }),
    [act, api, refreshState, setNotice],
  )

  const reopen = useCallback(
    (run: LoadedRun, reason: string) =>
      act('reopen', 'Reopening', async () => {
        const reopened = await api.reopen(run.stored.runId, reason)
        await refreshState(run)
        setNotice(reopenedNotice(reopened))
      }),
    [act, api, refreshState, setNotice],
  )

  const showItem = useCallback(
    (run: LoadedRun, lineKey: string) =>
      act('sync', 'Showing the item', async () => {
        if ((await selectRow(run.model, lineKey)) === null) setNotice(notInSheetsNotice(lineKey))
      }),
    [act, setNotice],
  )

  const downloadEvidence = useCallback(
    (runId: string) =>
      act('evidence', 'Downloading the evidence', async () => {
        saveFile(await api.evidence(runId), `tieout-evidence-${runId}.zip`)
      }),
    [act, api],
  )

  return { busy, notice, openItems, sync, signOff, reopen, showItem, downloadEvidence, dismiss: () => setNotice(null) }
}
