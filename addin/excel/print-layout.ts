import { headerRowNumber, type Sheet } from '../../shared/sheets/model.ts'
import { fitsOnePageWide, headerText, PAGE_FOOTER, PRINT_MARGINS, SPLIT_SCALE } from '../../shared/sheets/print.ts'
import { CALL_OVERHEAD_BYTES, type Operation } from './operations.ts'

const POINTS_PER_INCH = 72

/**
 * The same page setup as the .xlsx export: landscape A4, header row repeated, page header with the
 * scope, period and run, footer with the sheet name and "Page x of y" (ExcelApi 1.9).
 */
export function printOperation(sheet: Sheet, tempName: string): Operation {
  return {
    label: `${sheet.name} page setup`,
    bytes: CALL_OVERHEAD_BYTES * 14,
    apply({ sheet: get }) {
      const page = get(tempName).pageLayout
      page.orientation = 'Landscape'
      page.paperSize = 'A4'
      page.leftMargin = PRINT_MARGINS.left * POINTS_PER_INCH
      page.rightMargin = PRINT_MARGINS.right * POINTS_PER_INCH
      page.topMargin = PRINT_MARGINS.top * POINTS_PER_INCH
      page.bottomMargin = PRINT_MARGINS.bottom * POINTS_PER_INCH
      const header = headerRowNumber(sheet.preamble.length)
      page.setPrintTitleRows(`$${header}:$${header}`)
      if (fitsOnePageWide(sheet)) {
        page.zoom = { horizontalFitToPages: 1 }
      } else {
        page.zoom = { scale: SPLIT_SCALE }
        page.setPrintTitleColumns('$A:$B')
      }
      const all = page.headersFooters.defaultForAllPages
      all.leftHeader = headerText(sheet.print.scope)
      all.centerHeader = `&B${headerText(sheet.print.period)}`
      all.rightHeader = headerText(sheet.print.runId)
      all.leftFooter = PAGE_FOOTER.left
      all.rightFooter = PAGE_FOOTER.right
    },
  }
}
