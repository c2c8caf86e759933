import type { SheetName, WorkbookModel } from '../../shared/sheets/model.ts'
import { ExcelOperationError } from './excel-error.ts'
import { layoutOf } from './layout.ts'

/** Selects the row of a line key (e.g. an open material item named by a refused sign-off). */
export async function selectRow(model: WorkbookModel, lineKey: string): Promise<SheetName | null> {
  for (const sheet of model.sheets) {
    const index = sheet.rows.findIndex((row) => row.key === lineKey)
    if (index < 0) continue
    const layout = layoutOf(sheet)
    try {
      await Excel.run(async (context) => {
        const target = context.workbook.worksheets.getItem(sheet.name)
        target.activate()
        target.getRangeByIndexes(layout.firstDataRow + index, 0, 1, layout.columnCount).select()
        await context.sync()
      })
    } catch (error) {
      throw new ExcelOperationError(`Selecting ${lineKey} in ${sheet.name}`, error)
    }
    return sheet.name
  }
  return null
}
