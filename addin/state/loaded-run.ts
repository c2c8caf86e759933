import type { Review, RunResult } from '../../shared/result/types.ts'
import type { WorkbookModel } from '../../shared/sheets/model.ts'
import type { WorkbookRun } from '../excel/index.ts'

/** The run the workbook shows: its result, the reviews as written, and the sheets as written. */
export type LoadedRun = {
  readonly result: RunResult
  readonly reviews: ReadonlyMap<string, Review>
  /** Exactly what was last written to the sheets: Sync review compares the workbook with it. */
  readonly model: WorkbookModel
  readonly stored: WorkbookRun
}
