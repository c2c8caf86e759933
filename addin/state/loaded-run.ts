import type { RunDetail } from '../../shared/api/runs.ts'
import type { ListedRunResult } from '../../shared/result/types.ts'
import type { SheetReview } from '../../shared/sheets/review.ts'
import type { WorkbookModel } from '../../shared/sheets/model.ts'
import type { WorkbookRun } from '../excel/index.ts'

/** The run the workbook shows: its result with its long lists, the reviews as written, and the sheets as written. */
export type LoadedRun = {
  readonly result: ListedRunResult
  readonly reviews: ReadonlyMap<string, SheetReview>
  /** The run as the server describes it: who prepared it, its sign-offs, reopening, evidence hashes. */
  readonly detail: RunDetail
  /** Exactly what was last written to the sheets: Sync review compares the workbook with it. */
  readonly model: WorkbookModel
  readonly stored: WorkbookRun
}
