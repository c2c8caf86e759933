import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { finished } from 'node:stream/promises'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type ExcelJS from 'exceljs'
import { TieoutError } from '../../shared/errors.ts'
import { digestingTransform, type Digest } from '../evidence/hash.ts'
import { headerRowNumber, isFormula, type Sheet, type SheetColumn, type WorkbookModel } from '../../shared/sheets/model.ts'
import { xmlSafeText } from '../../shared/xml-text.ts'
import { RunWorkbookWriter } from './xlsx-workbook-writer.ts'
import { ALERT_STYLE, HEADER_STYLE, PREAMBLE_STYLE, styleTable, TITLE_STYLE } from './xlsx-styles.ts'
import { pageSetupOf } from './xlsx-print.ts'
import { LINE_HEIGHT_POINTS, rowHeight, wrappedLines } from '../../shared/sheets/print.ts'
import { looksLikeFormula, xlsxValue } from './xlsx-values.ts'

/** exceljs's streaming worksheet has data validations; its typings only declare them on cells. */
type Worksheet = ExcelJS.Worksheet & {
  readonly dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void }
}

/** Rows written between yields, so the zip stream drains while a large sheet is written. */
const ROWS_PER_YIELD = 2_000

/**
 * Writes the workbook with exceljs's streaming writer: each row is committed as soon as it is
 * written, so memory stays flat whatever the number of bridge lines. The file is written aside and
 * renamed into place, hashed as it is written: a file at `outPath` is always a whole workbook, never
 * rewritten in place (the evidence package may share its bytes). A file that cannot be written
 * fails with TIEOUT_ERR_INTERNAL and leaves no partial file behind.
 */
export async function writeWorkbookXlsx(model: WorkbookModel, outPath: string): Promise<Digest & { bytes: number }> {
  const temporary = `${outPath}.${process.pid}.partial`
  const file = createWriteStream(temporary)
  const { transform: out, digest } = digestingTransform()
  out.pipe(file)
  const failed = Promise.race([once(file, 'error'), once(out, 'error')]).then(([error]: unknown[]) => Promise.reject(error))
  failed.catch(() => undefined)
  try {
    await Promise.race([writeWorkbook(model, out).then(() => finished(file)), failed])
    await rename(temporary, outPath)
  } catch (error) {
    out.destroy()
    file.destroy()
    await rm(temporary, { force: true })
    const detail = `cannot write workbook ${outPath}: ${error instanceof Error ? error.message : String(error)}`
    throw new TieoutError('TIEOUT_ERR_INTERNAL', { detail }, { cause: error })
  }
  const written = digest()
  return { ...written, bytes: written.size }
}

async function writeWorkbook(model: WorkbookModel, out: Writable): Promise<void> {
  const workbook = new RunWorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  workbook.creator = 'Tieout'
  workbook.lastModifiedBy = 'Tieout'
  workbook.title = `C-PG-1 reconciliation ${model.period}`
  workbook.subject = `C-PG-1 ${model.period}`
  workbook.keywords = `tieout; run ${model.runId}; period ${model.period}`
  workbook.description = `Tieout run ${model.runId}, period ${model.period}`
  workbook.customProperties = [
    ['Tieout run id', model.runId],
    ['Tieout period', model.period],
  ]
  for (const sheet of model.sheets) await writeSheet(workbook, sheet)
  await workbook.commit()
}

async function writeSheet(workbook: RunWorkbookWriter, sheet: Sheet): Promise<void> {
  const header = headerRowNumber(sheet.preamble.length)
  const { pageSetup, headerFooter } = pageSetupOf(sheet)
  const worksheet = workbook.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: header, topLeftCell: `A${header + 1}`, activeCell: `A${header + 1}` }],
    pageSetup,
    headerFooter,
  }) as Worksheet
  worksheet.columns = sheet.columns.map((c) => ({ key: c.key, width: c.width, hidden: c.hidden === true }))
  writePreamble(worksheet, sheet.preamble, new Set(sheet.alertLines ?? []))
  writeHeader(worksheet, header, sheet.columns)
  const last = await writeRows(worksheet, sheet, header + 1)
  const width = sheet.columns.length
  worksheet.autoFilter = { from: { row: header, column: 1 }, to: { row: Math.max(last, header), column: width } }
  if (last > header) addChoices(worksheet, sheet.columns, header + 1, last)
  if (sheet.protected) await protect(worksheet)
  worksheet.commit()
}

function writePreamble(worksheet: Worksheet, preamble: readonly string[], alerts: ReadonlySet<number>): void {
  preamble.forEach((line, i) => {
    const row = worksheet.getRow(i + 1)
    const cell = row.getCell(1)
    cell.value = xmlSafeText(line)
    cell.style = i === 0 ? TITLE_STYLE : alerts.has(i) ? ALERT_STYLE : PREAMBLE_STYLE
    row.commit()
  })
}

function writeHeader(worksheet: Worksheet, rowNumber: number, columns: readonly SheetColumn[]): void {
  const row = worksheet.getRow(rowNumber)
  columns.forEach((column, i) => {
    const cell = row.getCell(i + 1)
    cell.value = xmlSafeText(column.header)
    cell.style = HEADER_STYLE
  })
  const lines = Math.max(1, ...columns.map((column) => (column.hidden === true ? 1 : wrappedLines(column.header, column.width * 0.8))))
  if (lines > 1) row.height = lines * LINE_HEIGHT_POINTS
  row.commit()
}

/** Returns the number of the last row written. */
async function writeRows(worksheet: Worksheet, sheet: Sheet, first: number): Promise<number> {
  const styles = styleTable(sheet.columns)
  const { columns } = sheet
  let number = first
  for (const row of sheet.rows) {
    const target = worksheet.getRow(number)
    const reviewable = row.key !== ''
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as SheetColumn
      const value = row.cells[i] ?? null
      const editable = reviewable && column.review === true
      // An empty, locked cell of a plain row looks the same unwritten, and costs nothing.
      if (value === null && !editable && row.style === 'normal') continue
      const cell = target.getCell(i + 1)
      cell.value = xlsxValue(value, column.format) as ExcelJS.CellValue
      cell.style = styles.cell(i, row.style, editable, typeof value === 'string' && !isFormula(value) && looksLikeFormula(value))
    }
    const height = rowHeight(columns, row.cells, row.style)
    if (height !== null) target.height = height
    target.commit()
    number += 1
    if ((number - first) % ROWS_PER_YIELD === 0) await new Promise<void>((resolve) => setImmediate(resolve))
  }
  return number - 1
}

/** A dropdown of the column's choices on its data cells (review status). */
function addChoices(worksheet: Worksheet, columns: readonly SheetColumn[], first: number, last: number): void {
  columns.forEach((column, i) => {
    if (column.choices === undefined || column.choices.length === 0) return
    if (column.choices.some((choice) => choice.includes(',') || choice.includes('"'))) {
      throw new TieoutError('TIEOUT_ERR_INTERNAL', { detail: `choices of column ${column.header} cannot contain , or "` })
    }
    const letter = worksheet.getColumn(i + 1).letter
    worksheet.dataValidations.add(`${letter}${first}:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${column.choices.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: column.header,
      error: `Choose one of: ${column.choices.join(', ')}`,
    })
  })
}

/** A guard against accidental edits, not a control: no password; filtering and sorting stay allowed. */
async function protect(worksheet: Worksheet): Promise<void> {
  await worksheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    autoFilter: true,
    sort: true,
    formatColumns: true,
    formatRows: true,
  })
}
