import type ExcelJS from 'exceljs'
import { headerRowNumber, type Sheet } from '../../shared/sheets/model.ts'
import { fitsOnePageWide, headerText, PAGE_FOOTER, PRINT_MARGINS, SPLIT_SCALE } from '../../shared/sheets/print.ts'

/**
 * Landscape A4, the header row repeated on every page, a page header with the entities, period and
 * run id, a footer with the sheet name and "Page x of y"; one page wide when the table fits at about
 * 70 %, else 70 % across several pages with the first two columns repeated.
 */
export function pageSetupOf(sheet: Sheet): { pageSetup: Partial<ExcelJS.PageSetup>; headerFooter: Partial<ExcelJS.HeaderFooter> } {
  const header = headerRowNumber(sheet.preamble.length)
  const base: Partial<ExcelJS.PageSetup> = {
    orientation: 'landscape',
    paperSize: 9,
    margins: { ...PRINT_MARGINS },
    printTitlesRow: `${header}:${header}`,
  }
  const pageSetup: Partial<ExcelJS.PageSetup> = fitsOnePageWide(sheet)
    ? { ...base, fitToPage: true, fitToWidth: 1, fitToHeight: 0 }
    : { ...base, fitToPage: false, scale: SPLIT_SCALE, printTitlesColumn: 'A:B' }
  const { scope, period, runId } = sheet.print
  return {
    pageSetup,
    headerFooter: {
      oddHeader: `&L${headerText(scope)}&C&B${headerText(period)}&R${headerText(runId)}`,
      oddFooter: `&L${PAGE_FOOTER.left}&R${PAGE_FOOTER.right}`,
    },
  }
}
