import type { WorkbookModel } from '../../shared/sheets/model.ts'
import { neutralise } from './cells.ts'
import { ExcelOperationError } from './excel-error.ts'
import { PROTECTION, STYLE } from './sheet-style.ts'

/**
 * Rewrites the sign-off block at the top of the Summary sheet (after a sign-off or a reopening),
 * red where the model says so. The block keeps its number of lines, so the table below stays put.
 */
export async function writeSummaryBlock(model: WorkbookModel): Promise<void> {
  const summary = model.sheets.find((sheet) => sheet.name === 'Summary')
  if (summary === undefined || summary.preamble.length === 0) return
  const alerts = new Set(summary.alertLines ?? [])
  try {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(summary.name)
      if (summary.protected) sheet.protection.unprotect()
      const lines = summary.preamble.length
      sheet.getRangeByIndexes(0, 0, lines, 1).values = summary.preamble.map((line) => [neutralise(line)])
      for (let line = 1; line < lines; line++) {
        const font = sheet.getRangeByIndexes(line, 0, 1, 1).format.font
        font.bold = alerts.has(line)
        font.italic = !alerts.has(line)
        font.color = alerts.has(line) ? STYLE.alertColor : STYLE.preambleColor
      }
      if (summary.protected) sheet.protection.protect(PROTECTION)
      await context.sync()
    })
  } catch (error) {
    throw new ExcelOperationError('Showing the sign-off state on the Summary sheet', error)
  }
}
