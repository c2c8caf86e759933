import { NUMBER_FORMATS, type Sheet } from '../../shared/sheets/model.ts'
import { REVIEW_STATUSES } from '../../shared/result/types.ts'
import { type ExcelCell, neutralise, toExcelCell } from './cells.ts'
import { layoutOf, type SheetLayout } from './layout.ts'
import { type BatchScope, CALL_OVERHEAD_BYTES, type Operation, operation, valuesOperation } from './operations.ts'
import { PROTECTION, ROW_STYLES, STYLE, widthInPoints } from './sheet-style.ts'

/**
 * Everything one sheet needs, in the order Excel must get it: the sheet, column number formats
 * (text formats before any value, so ids stay text), values, then layout, review cells and
 * protection last (a protected sheet refuses further writes).
 */
export function planSheet(sheet: Sheet, tempName: string, formulaFor?: (formula: string) => string): Operation[] {
  const layout = layoutOf(sheet)
  const ops: Operation[] = [formatsOperation(layout, tempName)]
  if (sheet.preamble.length > 0) {
    const lines = sheet.preamble.map((line) => [neutralise(line)])
    ops.push(valuesOperation(`${sheet.name} preamble`, { sheet: tempName, row: 0, column: 0 }, lines))
  }
  ops.push(valuesOperation(`${sheet.name} values`, { sheet: tempName, row: layout.headerRow, column: 0 }, tableRows(sheet, formulaFor)))
  ops.push(layoutOperation(layout, tempName))
  if (layout.reviewRuns.length > 0) ops.push(reviewCellsOperation(layout, tempName))
  if (sheet.protected) ops.push(operation(`protect ${sheet.name}`, ({ sheet: get }) => get(tempName).protection.protect(PROTECTION)))
  return ops
}

/** Adds a sheet under its temporary name; every sheet exists before any formula refers to it. */
export function addSheetOperation(sheet: Sheet, tempName: string): Operation {
  return operation(`add ${sheet.name}`, ({ context }) => void context.workbook.worksheets.add(tempName))
}

export function tableRows(sheet: Sheet, formulaFor?: (formula: string) => string): ExcelCell[][] {
  const formats = sheet.columns.map((column) => column.format)
  const header = sheet.columns.map((column) => neutralise(column.header))
  const body = sheet.rows.map((row) => row.cells.map((cell, index) => toExcelCell(cell, formats[index] ?? 'text', formulaFor)))
  return [header, ...body]
}

/**
 * One format string per column body. office.js applies a single value to every cell of the range;
 * its typings only declare the 2-D form, whose per-cell copy would cost megabytes at 100k rows.
 */
function broadcastNumberFormat(range: Excel.Range, format: string): void {
  ;(range as unknown as { numberFormat: string }).numberFormat = format
}

function formatsOperation(layout: SheetLayout, tempName: string): Operation {
  const { sheet, firstDataRow, dataRows } = layout
  return sized(`${sheet.name} number formats`, sheet.columns.length, ({ sheet: get }) => {
    if (dataRows === 0) return
    sheet.columns.forEach((column, index) => {
      broadcastNumberFormat(get(tempName).getRangeByIndexes(firstDataRow, index, dataRows, 1), NUMBER_FORMATS[column.format])
    })
  })
}

function layoutOperation(layout: SheetLayout, tempName: string): Operation {
  const { sheet } = layout
  const calls = sheet.columns.length * 3 + sheet.preamble.length + layout.styleRuns.length * 3 + 8
  return sized(`${sheet.name} layout`, calls, ({ sheet: get }) => {
    const target = get(tempName)
    sheet.columns.forEach((column, index) => {
      const cell = target.getRangeByIndexes(0, index, 1, 1)
      cell.format.columnWidth = widthInPoints(column.width)
      if (column.hidden === true) cell.columnHidden = true
    })
    stylePreamble(target, sheet.preamble.length, sheet.alertLines ?? [])
    styleHeader(target, layout)
    sheet.columns.forEach((column, index) => {
      if (column.wrap !== true || layout.dataRows === 0) return
      const body = target.getRangeByIndexes(layout.firstDataRow, index, layout.dataRows, 1).format
      body.wrapText = true
      body.verticalAlignment = 'Top'
    })
    styleRows(target, layout)
    const table = target.getRangeByIndexes(layout.headerRow, 0, layout.dataRows + 1, layout.columnCount)
    target.autoFilter.apply(table)
    target.freezePanes.freezeRows(layout.firstDataRow)
  })
}

function stylePreamble(target: Excel.Worksheet, lines: number, alerts: readonly number[]): void {
  if (lines === 0) return
  const title = target.getRangeByIndexes(0, 0, 1, 1).format.font
  title.bold = true
  title.size = STYLE.titleSize
  if (lines > 1) {
    const rest = target.getRangeByIndexes(1, 0, lines - 1, 1).format.font
    rest.italic = true
    rest.color = STYLE.preambleColor
  }
  for (const line of alerts) {
    const alert = target.getRangeByIndexes(line, 0, 1, 1).format.font
    alert.italic = false
    alert.bold = true
    alert.color = STYLE.alertColor
  }
}

function styleHeader(target: Excel.Worksheet, layout: SheetLayout): void {
  const header = target.getRangeByIndexes(layout.headerRow, 0, 1, layout.columnCount).format
  header.fill.color = STYLE.headerFill
  header.font.color = STYLE.headerFont
  header.font.bold = true
  header.wrapText = true
  for (const index of layout.reviewColumns) {
    target.getRangeByIndexes(layout.headerRow, index, 1, 1).format.fill.color = STYLE.reviewHeaderFill
  }
}

function styleRows(target: Excel.Worksheet, layout: SheetLayout): void {
  for (const run of layout.styleRuns) {
    const format = target.getRangeByIndexes(layout.firstDataRow + run.start, 0, run.count, layout.columnCount).format
    const style = ROW_STYLES[run.style]
    if (style.fill !== undefined) format.fill.color = style.fill
    if (style.bold !== undefined) format.font.bold = style.bold
    if (style.italic !== undefined) format.font.italic = style.italic
    if (style.color !== undefined) format.font.color = style.color
    // A section row's label runs across the row rather than wrapping in its first column.
    if (run.style === 'section') format.wrapText = false
  }
}

/** Review rows: a status dropdown, editable status and comment cells, tinted so they stand out. */
function reviewCellsOperation(layout: SheetLayout, tempName: string): Operation {
  const { sheet, reviewColumns, statusColumn, reviewRuns, firstDataRow } = layout
  return sized(`${sheet.name} review cells`, reviewRuns.length * (reviewColumns.length * 2 + 2), ({ sheet: get }) => {
    const target = get(tempName)
    for (const run of reviewRuns) {
      for (const index of reviewColumns) {
        const cells = target.getRangeByIndexes(firstDataRow + run.start, index, run.count, 1)
        cells.format.protection.locked = false
        cells.format.fill.color = STYLE.reviewCellFill
      }
      if (statusColumn === null) continue
      const status = target.getRangeByIndexes(firstDataRow + run.start, statusColumn, run.count, 1)
      status.dataValidation.rule = { list: { inCellDropDown: true, source: REVIEW_STATUSES.join(',') } }
      status.dataValidation.errorAlert = {
        showAlert: true,
        style: 'Stop',
        title: 'Review status',
        message: `Choose one of: ${REVIEW_STATUSES.join(', ')}.`,
      }
    }
  })
}

function sized(label: string, calls: number, apply: (scope: BatchScope) => void): Operation {
  return { label, bytes: calls * CALL_OVERHEAD_BYTES, apply }
}
