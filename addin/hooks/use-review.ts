import { useCallback, useState } from 'react'
import type { OpenItem } from '../../shared/api/common.ts'
import type { PutReviewsBody } from '../../shared/api/reviews.ts'
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

/** The server takes at most this many reviews per request. */
type ReviewInput = PutReviewsBody['reviews'][number]

const PUT_BATCH = 5_000

const problemText = (p: ReviewProblem): string =>
  p.kind === 'invalid-status'
    ? `${p.address}: "${p.found}" is not a review status`
    : `${p.address} (${p.column}): ${p.written} → ${p.found}`

const changeText = (c: ReviewChange): string => `${c.sheet}: ${c.lineKey} → ${c.status}${c.comment === '' ? '' : ` · ${c.comment}`}`

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** Sync review (sheet → server, and others' reviews back), sign-off, open items, evidence. */
export function useReview(api: TieoutApi, loaded: LoadedRun | null, setLoaded: (run: LoadedRun) => void) {
  const [busy, setBusy] = useState<'sync' | 'signoff' | 'reopen' | 'evidence' | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)
  const [openItems, setOpenItems] = useState<readonly OpenItem[]>([])

  /** The run's state fetched again and shown in the Summary's sign-off block. */
  const refreshState = useCallback(
    async (run: LoadedRun): Promise<LoadedRun> => {
      const detail = await api.run(run.stored.runId)
      const model = workbookOf(run.result, run.reviews, detail, new Date().toISOString())
      await writeSummaryBlock(model)
      const next = { ...run, detail, model }
      setLoaded(next)
      return next
    },
    [api, setLoaded],
  )

  const act = useCallback(async (kind: NonNullable<typeof busy>, action: string, job: () => Promise<void>) => {
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

  const sync = useCallback(
    (run: LoadedRun) =>
      act('sync', 'Sync review', async () => {
        const scan = await scanReviews(run.model)
        if (scan.problems.length > 0) {
          setNotice({
            intent: 'error',
            title: 'Sync refused: only Review status and Comment may change',
            message: `${plural(scan.problems.length, 'cell')} differ from what Tieout wrote. Undo these edits (or open the run again to rewrite its sheets), then sync.`,
            items: scan.problems.slice(0, 8).map(problemText),
          })
          return
        }
        const runId = run.stored.runId
        const inputs: ReviewInput[] = scan.changes.map(({ lineKey, status, comment }) => ({ lineKey, status, comment }))
        for (let i = 0; i < inputs.length; i += PUT_BATCH) await api.putReviews(runId, { reviews: inputs.slice(i, i + PUT_BATCH) })
        const latest = await api.reviews(runId)
        const reviews = await reviewsOf(api, latest.reviews)
        const model = workbookOf(run.result, reviews, run.detail, run.stored.writtenAt)
        const shown = changedReviewKeys(run.model, model)
        for (const change of scan.changes) shown.add(change.lineKey)
        await writeSavedReviews(model, shown)
        const stored = { ...run.stored, reviewsAsOf: latestReviewTime(latest.reviews) }
        await storeWorkbookRun(stored)
        setLoaded({ ...run, reviews, model, stored })
        const others = shown.size - scan.changes.length
        setNotice({
          intent: scan.changes.length === 0 ? 'info' : 'success',
          title: scan.changes.length === 0 ? 'No review changes to send' : `Saved ${plural(scan.changes.length, 'review')}`,
          message:
            others > 0
              ? `${plural(others, 'review')} saved by others shown in the sheets.`
              : 'The sheets show the reviews as stored on the server.',
          items: scan.changes.slice(0, 8).map(changeText),
        })
      }),
    [act, api, setLoaded],
  )

  const signOff = useCallback(
    (run: LoadedRun) =>
      act('signoff', 'Sign-off', async () => {
        try {
          const signoff = await api.signOff(run.stored.runId)
          setOpenItems([])
          await refreshState(run)
          setNotice({
            intent: 'success',
            title: 'Run signed off',
            message: `Signed off by ${signoff.reviewer} at ${signoff.at.slice(0, 16).replace('T', ' ')} UTC. The Summary sheet shows it.`,
          })
        } catch (error) {
          if (!(error instanceof ApiError && (error.openItems.length > 0 || error.items.length > 0))) throw error
          const items = openItemsOf(error, run.result)
          setOpenItems(items)
          setNotice({
            intent: 'warning',
            title: `Sign-off refused: ${plural(items.length, 'item')} still Open`,
            message: 'Give each a review status other than Open (or explain the group), sync, then sign off again.',
          })
        }
      }),
    [act, api, refreshState],
  )

  const reopen = useCallback(
    (run: LoadedRun, reason: string) =>
      act('reopen', 'Reopening', async () => {
        const reopened = await api.reopen(run.stored.runId, reason)
        await refreshState(run)
        setNotice({
          intent: 'info',
          title: 'Sign-off reopened',
          message: `Reopened by ${reopened.reopenedBy} at ${reopened.at.slice(0, 16).replace('T', ' ')} UTC: ${reopened.reason}. Reviews can change again; sign off when done.`,
        })
      }),
    [act, api, refreshState],
  )

  const showItem = useCallback(
    (run: LoadedRun, lineKey: string) =>
      act('sync', 'Showing the item', async () => {
        const sheet = await selectRow(run.model, lineKey)
        if (sheet === null)
          setNotice({
            intent: 'warning',
            title: 'Not in the sheets',
            message: `${lineKey} is not in this workbook's sheets. Open the run again to rewrite them.`,
          })
      }),
    [act],
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
