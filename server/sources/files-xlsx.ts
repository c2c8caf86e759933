import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type ExcelJS from 'exceljs'
import { dataQualityError } from '../../shared/errors.ts'
import type { LocatedFile, Table, XlsxLimits } from './files-table.ts'

/**
 * `.xlsx` files, streamed: the first worksheet, its first non-empty row as the header. Cells give
 * numbers, text, booleans and dates (`Date`, UTC wall-clock as the values parsers expect); rich
 * text becomes its plain text and a formula its cached result. A cell holding an Excel error
 * (`#N/A`) is refused, naming the sheet row and column. Oversized workbooks are refused before
 * reading, and reading stops past the row limit (a small zip can inflate into a huge sheet).
 */
type Cell = ExcelJS.Cell
type SheetRow = ExcelJS.Row

const READER_OPTIONS = {
  worksheets: 'emit',
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'cache',
  entries: 'ignore',
} as const

export async function openXlsxTable(file: LocatedFile, limits: XlsxLimits, signal: AbortSignal): Promise<Table> {
  const { size } = await stat(file.path)
  if (size > limits.maxBytes) {
    throw dataQualityError(`${file.extract} file ${file.name}: ${size} bytes is over the ${limits.maxBytes}-byte limit for workbooks`)
  }
  // Loaded on first use: most extracts are CSV, and exceljs costs a worker ≈ 0.3 CPU s to load.
  const { default: excel } = await import('exceljs')
  const input = createReadStream(file.path, { signal })
  const reader = new excel.stream.xlsx.WorkbookReader(input, READER_OPTIONS)
  // A zip may hold a worksheet before xl/workbook.xml (any order is valid, and streamed writers
  // produce it); the reader then looks up the sheet's name on a model it has not read yet.
  const unread = reader as unknown as { model?: object }
  unread.model ??= {}
  const rows = sheetRows(reader, file, limits)
  const iterator = rows[Symbol.asyncIterator]()
  const first = await iterator.next()
  if (first.done) {
    input.destroy()
    throw dataQualityError(`${file.extract} file ${file.name}: the first worksheet is empty, no header row`)
  }
  const header = trimTrailingEmpty(first.value.cells).map((cell) => (cell === null ? '' : String(cell).trim()))
  return { header, records: records(iterator, file, header.length, () => input.destroy()) }
}

type SheetRecord = { readonly number: number; readonly cells: unknown[] }

async function* records(
  iterator: AsyncIterator<SheetRecord>,
  file: LocatedFile,
  width: number,
  close: () => void,
): AsyncGenerator<readonly unknown[]> {
  try {
    for (;;) {
      const result = await iterator.next()
      if (result.done) return
      const { number, cells } = result.value
      const extra = cells.findIndex((cell, index) => index >= width && cell !== null)
      if (extra >= 0) {
        throw dataQualityError(
          `${file.extract} file ${file.name}, sheet row ${number}, column ${columnLetter(extra + 1)}: a value beyond the header's ${width} columns`,
        )
      }
      while (cells.length < width) cells.push(null)
      cells.length = width
      yield cells
    }
  } finally {
    await iterator.return?.()
    close()
  }
}

/** Non-empty rows of the first worksheet, cells 0-based. */
async function* sheetRows(
  workbook: ExcelJS.stream.xlsx.WorkbookReader,
  file: LocatedFile,
  limits: XlsxLimits,
): AsyncGenerator<SheetRecord> {
  for await (const worksheet of workbook) {
    let last = 0
    for await (const row of referencedRows(worksheet, () => last, file)) {
      last = row.number
      if (row.number > limits.maxRows) {
        throw dataQualityError(
          `${file.extract} file ${file.name}: more than ${limits.maxRows} rows in the worksheet; export the extract as CSV`,
        )
      }
      const cells = rowCells(row, file)
      if (cells.some((cell) => cell !== null)) yield { number: row.number, cells }
    }
    return
  }
}

/**
 * The worksheet's rows. The reader needs every row and cell to carry its reference (`r`, as Excel
 * writes them); without one it fails inside, and the sheet and row are named instead.
 */
async function* referencedRows(worksheet: AsyncIterable<SheetRow>, last: () => number, file: LocatedFile): AsyncGenerator<SheetRow> {
  const name = (worksheet as { name?: string }).name ?? 'the first worksheet'
  try {
    for await (const row of worksheet) {
      if (!Number.isInteger(row.number) || row.number < 1) throw missingReference(file, name, last())
      yield row
    }
  } catch (error) {
    if (error instanceof TypeError) throw missingReference(file, name, last())
    throw error
  }
}

function missingReference(file: LocatedFile, sheet: string, last: number) {
  return dataQualityError(
    `${file.extract} file ${file.name}, sheet "${sheet}", after row ${last}: a row or cell without its reference (attribute r); save the workbook again from Excel`,
  )
}

function rowCells(row: SheetRow, file: LocatedFile): unknown[] {
  const cells: unknown[] = []
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    while (cells.length < column - 1) cells.push(null)
    cells[column - 1] = cellValue(cell, file, row.number, column)
  })
  return cells
}

function cellValue(cell: Cell, file: LocatedFile, row: number, column: number): unknown {
  const value = cell.value
  if (value === null || value === undefined) return null
  if (typeof value !== 'object' || value instanceof Date) return value
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('error' in value) return refuse(file, row, column, value.error)
  if ('formula' in value || 'sharedFormula' in value) return formulaResult(value.result, cell, file, row, column)
  if ('hyperlink' in value) return value.text
  return refuse(file, row, column, 'an unsupported value')
}

function formulaResult(result: unknown, cell: Cell, file: LocatedFile, row: number, column: number): unknown {
  if (result === undefined || result === null) return null
  if (typeof result === 'object' && !(result instanceof Date)) {
    return refuse(file, row, column, 'error' in result ? String(result.error) : 'an unsupported formula result')
  }
  // The streaming reader leaves a formula's date result as a serial number.
  return typeof result === 'number' && isDateFormat(cell.numFmt) ? serialToDate(result) : result
}

function refuse(file: LocatedFile, row: number, column: number, what: string): never {
  throw dataQualityError(`${file.extract} file ${file.name}, sheet row ${row}, column ${columnLetter(column)}: the cell holds ${what}`)
}

/** exceljs's own test: date or time letters in the number format, outside quotes and brackets. */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '')
  return /[ymdhMsb]/.test(bare)
}

const EXCEL_EPOCH_SERIAL = 25569
const MS_PER_DAY = 86_400_000

/** Serial days of the 1900 date system to a UTC wall-clock `Date`. */
function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - EXCEL_EPOCH_SERIAL) * MS_PER_DAY))
}

function trimTrailingEmpty(cells: readonly unknown[]): unknown[] {
  let end = cells.length
  while (end > 0 && (cells[end - 1] === null || cells[end - 1] === '')) end -= 1
  return cells.slice(0, end)
}

function columnLetter(column: number): string {
  let letters = ''
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters
  }
  return letters
}
