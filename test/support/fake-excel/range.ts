import { enterValue, type Scalar } from './cell-entry.ts'
import { FakeClientObject } from './client-object.ts'
import type { FakeOf } from './conformance.ts'
import type { FakeRequestContext } from './context.ts'
import { FakeExcelError } from './errors.ts'
import { cellCount, formatAddress, type Rect } from './geometry.ts'
import { FakeRangeFormat } from './range-format.ts'
import type { SheetState } from './sheet-state.ts'
import { GET_CELL_LIMIT } from './workbook-state.ts'
import type { FakeWorksheet } from './worksheet.ts'

const MAX_TEXT = 32_767

/** A 2-D array matching the range, or one scalar applied to every cell (office.js accepts both); checked when the request runs, as Excel does. */
export function cellGrid<T>(
  input: unknown,
  rect: Rect,
  location: string,
  accept: (value: unknown) => value is T,
): (row: number, column: number) => T {
  if (!Array.isArray(input)) {
    if (!accept(input)) throw new FakeExcelError('InvalidArgument', `${location}: ${JSON.stringify(input)} is not a valid value.`, location)
    return () => input
  }
  const shapeOk = input.length === rect.rows && input.every((row) => Array.isArray(row) && row.length === rect.columns)
  if (!shapeOk) {
    const got = `${input.length}×${Array.isArray(input[0]) ? (input[0] as unknown[]).length : '?'}`
    throw new FakeExcelError(
      'InvalidArgument',
      `${location}: the array (${got}) doesn't match the size of the range (${rect.rows}×${rect.columns}).`,
      location,
    )
  }
  for (const row of input as unknown[][]) {
    for (const value of row) {
      if (!accept(value))
        throw new FakeExcelError('InvalidArgument', `${location}: ${JSON.stringify(value)} is not a valid value.`, location)
    }
  }
  return (row, column) => (input as T[][])[row]?.[column] as T
}

const isCellInput = (value: unknown): value is Scalar | null =>
  value === null ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && value.length <= MAX_TEXT)

const isFormat = (value: unknown): value is string | null => value === null || typeof value === 'string'

export class FakeRange extends FakeClientObject implements FakeOf<Excel.Range> {
  protected readonly typeName = 'Range'
  protected readonly scalarProperties = ['values', 'numberFormat', 'address', 'rowCount', 'columnCount', 'rowIndex', 'columnIndex'] as const
  readonly rect: Rect
  readonly worksheet: FakeWorksheet
  readonly format: FakeRangeFormat
  readonly dataValidation: FakeDataValidation

  constructor(context: FakeRequestContext, worksheet: FakeWorksheet, rect: Rect) {
    super(context)
    this.worksheet = worksheet
    this.rect = rect
    this.format = new FakeRangeFormat(context, this)
    this.dataValidation = new FakeDataValidation(context, this)
  }

  worksheetTarget(location: string): SheetState {
    return this.worksheet.target(location)
  }

  /** Queues a change of this range's sheet, refused while the sheet is protected. */
  change(location: string, describe: object, apply: (sheet: SheetState) => void): void {
    this.worksheet.command(location, { range: this.rect, ...describe }, apply, true)
  }

  get values(): Scalar[][] {
    return this.loadedValue<Scalar[][]>('values')
  }

  /** Values are entered as if typed; `null` leaves a cell as it is; locked cells of a protected sheet refuse. */
  set values(input: unknown) {
    const location = 'Range.values'
    const { row: r0, column: c0, rows, columns } = this.rect
    this.worksheet.command(location, { range: this.rect, values: input }, (sheet) => {
      const valueAt = cellGrid(input, this.rect, location, isCellInput)
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < columns; c++) {
          const value = valueAt(r, c)
          if (value === null) continue
          if (sheet.protection.protected && sheet.isLocked(r0 + r, c0 + c)) {
            throw new FakeExcelError(
              'AccessDenied',
              `${formatAddress(sheet.name, { row: r0 + r, column: c0 + c, rows: 1, columns: 1 })} is locked on a protected sheet.`,
              location,
            )
          }
          sheet.store(r0 + r, c0 + c, enterValue(value, sheet.formatAt(r0 + r, c0 + c)))
        }
      }
    })
  }

  get numberFormat(): string[][] {
    return this.loadedValue<string[][]>('numberFormat')
  }

  set numberFormat(input: unknown) {
    const location = 'Range.numberFormat'
    const { row: r0, column: c0, rows, columns } = this.rect
    this.change(location, { numberFormat: input }, (sheet) => {
      const formatAt = cellGrid(input, this.rect, location, isFormat)
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < columns; c++) {
          const format = formatAt(r, c)
          if (format !== null) sheet.setFormat(r0 + r, c0 + c, format)
        }
      }
    })
  }

  get address(): string {
    return this.loadedValue<string>('address')
  }

  get rowCount(): number {
    return this.loadedValue<number>('rowCount')
  }

  get columnCount(): number {
    return this.loadedValue<number>('columnCount')
  }

  set columnHidden(hidden: boolean) {
    this.change('Range.columnHidden', { columnHidden: hidden }, (sheet) => {
      for (let c = this.rect.column; c < this.rect.column + this.rect.columns; c++) {
        if (hidden) sheet.hiddenColumns.add(c)
        else sheet.hiddenColumns.delete(c)
      }
    })
  }

  select(): void {
    this.worksheet.command('Range.select', { range: this.rect }, (sheet) => {
      this.context.state.activeSheet = sheet.name
      this.context.state.selection = formatAddress(sheet.name, this.rect)
    })
  }

  protected snapshot(property: string): unknown {
    const sheet = this.worksheetTarget(`Range.${property}`)
    switch (property) {
      case 'values':
      case 'numberFormat':
        if (cellCount(this.rect) > GET_CELL_LIMIT) {
          throw new FakeExcelError(
            'InvalidOperation',
            `Range.${property}: more than ${GET_CELL_LIMIT} cells requested.`,
            `Range.${property}`,
          )
        }
        return property === 'values' ? sheet.read(this.rect) : this.readFormats(sheet)
      case 'address':
        return formatAddress(sheet.name, this.rect)
      case 'rowCount':
        return this.rect.rows
      case 'columnCount':
        return this.rect.columns
      case 'rowIndex':
        return this.rect.row
      default:
        return this.rect.column
    }
  }

  private readFormats(sheet: SheetState): string[][] {
    const out: string[][] = []
    for (let r = 0; r < this.rect.rows; r++) {
      const row: string[] = []
      for (let c = 0; c < this.rect.columns; c++) row.push(sheet.formatAt(this.rect.row + r, this.rect.column + c))
      out.push(row)
    }
    return out
  }
}

export class FakeDataValidation implements FakeOf<Excel.DataValidation> {
  private readonly range: FakeRange

  constructor(_context: FakeRequestContext, range: FakeRange) {
    this.range = range
  }

  set rule(rule: Excel.DataValidationRule) {
    const kinds = Object.keys(rule)
    const list = rule.list
    const ok = kinds.length === 1 && (list === undefined || (typeof list.source === 'string' && list.source.trim() !== ''))
    if (!ok)
      throw new FakeExcelError(
        'InvalidArgument',
        'DataValidation.rule needs exactly one rule, and a list needs a source.',
        'DataValidation.rule',
      )
    this.range.change('DataValidation.rule', { rule }, (sheet) => {
      sheet.validations.push({ rect: this.range.rect, rule, errorAlert: null })
    })
  }

  set errorAlert(alert: Excel.DataValidationErrorAlert) {
    this.range.change('DataValidation.errorAlert', { alert }, (sheet) => {
      const record = sheet.validations.findLast((v) => v.rect === this.range.rect)
      if (!record) throw new FakeExcelError('InvalidOperation', 'Set the rule before the error alert.', 'DataValidation.errorAlert')
      record.errorAlert = alert
    })
  }

  clear(): void {
    this.range.change('DataValidation.clear', {}, (sheet) => {
      const keep = sheet.validations.filter((v) => v.rect !== this.range.rect)
      sheet.validations.splice(0, sheet.validations.length, ...keep)
    })
  }
}
