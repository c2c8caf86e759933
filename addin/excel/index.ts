/** The add-in's only door to Excel: hooks call these, components never do. */
export { ExcelOperationError, WorkbookConflictError } from './excel-error.ts'
export { readWorkbookRun, storeWorkbookRun, type WorkbookRun } from './metadata.ts'
export { scanReviews, type ReviewScan } from './review-read.ts'
export type { ReviewChange, ReviewProblem } from './review-diff.ts'
export { withSavedReviews, writeSavedReviews } from './review-mark.ts'
export { selectRow } from './select.ts'
export { writeWorkbook, type WriteProgress, type WriteReport } from './write-workbook.ts'
export { writeSummaryBlock } from './summary-block.ts'
