import type { ReviewEntry } from '../../shared/api/reviews.ts'
import type { RunDetail } from '../../shared/api/runs.ts'
import type { ListedRunResult, RunResult } from '../../shared/result/types.ts'
import { listedResult } from '../api/result-lists.ts'
import { buildWorkbook } from '../../shared/sheets/build.ts'
import { carriedRunIds, sheetReviews } from '../../shared/sheets/line-amounts.ts'
import type { SheetReview } from '../../shared/sheets/review.ts'
import { statusFromRun } from '../../shared/sheets/signoff.ts'
import type { WorkbookModel } from '../../shared/sheets/model.ts'
import type { TieoutApi } from '../api/tieout-api.ts'
import { readWorkbookRun, type WorkbookRun, writeWorkbook, type WriteProgress } from '../excel/index.ts'
import type { LoadedRun } from '../state/loaded-run.ts'
import { latestReviewTime, reviewsAsOf } from '../state/reviews-as-of.ts'

/** The sheets of a run with these reviews and this sign-off state, as of `asOf` (the write time). */
export function workbookOf(
  result: ListedRunResult,
  reviews: ReadonlyMap<string, SheetReview>,
  detail: RunDetail,
  asOf: string,
): WorkbookModel {
  const manifest = detail.evidence?.manifestHash ?? detail.steps.find((step) => step.name === 'evidence')?.sha256 ?? null
  const status = statusFromRun(detail, reviews.values(), `written by the Excel add-in at ${asOf.slice(0, 19).replace('T', ' ')} UTC`)
  return buildWorkbook(result, reviews, { manifestSha256: manifest }, status)
}

/** The reviews the sheets show; a carried one with the amount seen on its earlier run (fetched once). */
export async function reviewsOf(api: TieoutApi, entries: Iterable<ReviewEntry>): Promise<Map<string, SheetReview>> {
  const list = [...entries]
  const earlier = new Map<string, RunResult>()
  await Promise.all(
    carriedRunIds(list).map(async (runId) => {
      const result = await api.results(runId).catch(() => null)
      if (result !== null) earlier.set(runId, result)
    }),
  )
  return sheetReviews(list, earlier)
}

/** Fetches a finished run's result, reviews and state, builds its sheets and writes them into the workbook. */
export async function renderRun(api: TieoutApi, runId: string, onProgress: (progress: WriteProgress) => void): Promise<LoadedRun> {
  const [published, { reviews: entries }, detail] = await Promise.all([api.results(runId), api.reviews(runId), api.run(runId)])
  const result = await listedResult(api, runId, published)
  const reviews = await reviewsOf(api, entries)
  const writtenAt = new Date().toISOString()
  const model = workbookOf(result, reviews, detail, writtenAt)
  const stored: WorkbookRun = {
    runId,
    period: result.period.period,
    entities: result.entities.map((e) => e.companyCode),
    serverUrl: api.baseUrl,
    writtenAt,
    reviewsAsOf: latestReviewTime(entries),
  }
  await writeWorkbook(model, stored, { onProgress })
  return { result, reviews, detail, model, stored }
}

/**
 * The run this workbook already shows (a reopened pane), with the sheets rebuilt as they were
 * written: reviews as of the stored time, so Sync review sends only what changed in the sheet.
 */
export async function reloadWorkbookRun(api: TieoutApi): Promise<LoadedRun | null> {
  const stored = await readWorkbookRun()
  if (stored === null || stored.serverUrl !== api.baseUrl) return null
  const [published, latest, detail] = await Promise.all([api.results(stored.runId), api.reviews(stored.runId, true), api.run(stored.runId)])
  const result = await listedResult(api, stored.runId, published)
  const reviews = await reviewsOf(api, reviewsAsOf(latest.reviews, latest.history ?? [], stored.reviewsAsOf).values())
  return { result, reviews, detail, model: workbookOf(result, reviews, detail, stored.writtenAt), stored }
}
