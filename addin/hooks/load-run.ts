import { buildWorkbook } from '../../shared/sheets/build.ts'
import type { TieoutApi } from '../api/tieout-api.ts'
import { readWorkbookRun, type WorkbookRun, writeWorkbook, type WriteProgress } from '../excel/index.ts'
import type { LoadedRun } from '../state/loaded-run.ts'
import { latestReviewTime, reviewMap, reviewsAsOf } from '../state/reviews-as-of.ts'

/** Fetches a finished run's result and reviews, builds its sheets and writes them into the workbook. */
export async function renderRun(api: TieoutApi, runId: string, onProgress: (progress: WriteProgress) => void): Promise<LoadedRun> {
  const [result, { reviews: entries }] = await Promise.all([api.results(runId), api.reviews(runId)])
  const reviews = reviewMap(entries)
  const model = buildWorkbook(result, reviews)
  const stored: WorkbookRun = {
    runId,
    period: result.period.period,
    entities: result.entities.map((e) => e.companyCode),
    serverUrl: api.baseUrl,
    writtenAt: new Date().toISOString(),
    reviewsAsOf: latestReviewTime(entries),
  }
  await writeWorkbook(model, stored, { onProgress })
  return { result, reviews, model, stored }
}

/**
 * The run this workbook already shows (a reopened pane), with the sheets rebuilt as they were
 * written: reviews as of the stored time, so Sync review sends only what changed in the sheet.
 */
export async function reloadWorkbookRun(api: TieoutApi): Promise<LoadedRun | null> {
  const stored = await readWorkbookRun()
  if (stored === null || stored.serverUrl !== api.baseUrl) return null
  const [result, latest] = await Promise.all([api.results(stored.runId), api.reviews(stored.runId, true)])
  const reviews = reviewsAsOf(latest.reviews, latest.history ?? [], stored.reviewsAsOf)
  return { result, reviews, model: buildWorkbook(result, reviews), stored }
}
