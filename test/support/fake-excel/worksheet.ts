import { FakeClientObject } from './client-object.ts'
import type { FakeOf } from './conformance.ts'
import type { FakeRequestContext } from './context.ts'
import { FakeExcelError } from './errors.ts'
import { checkRect, parseAddress, type Rect } from './geometry.ts'
import { FakeRange } from './range.ts'
import type { SheetState } from './sheet-state.ts'

/** How a worksheet proxy finds its sheet once the command that fetched it has run. */
export type SheetRef = { sheet: SheetState | null; error: FakeExcelError | null; isNull: boolean }

export class FakeWorksheet extends FakeClientObject implements FakeOf<Excel.Worksheet> {
  protected readonly typeName = 'Worksheet'
  protected readonly scalarProperties = ['name', 'id', 'position', 'visibility'] as const
  readonly protection: FakeWorksheetProtection
  readonly freezePanes: FakeFreezePanes
  readonly autoFilter: FakeAutoFilter
  private readonly ref: SheetRef
  private readonly label: string

  constructor(context: FakeRequestContext, ref: SheetRef, label: string) {
    super(context)
    this.ref = ref
    this.label = label
    this.protection = new FakeWorksheetProtection(context, this)
    this.freezePanes = new FakeFreezePanes(context, this)
    this.autoFilter = new FakeAutoFilter(context, this)
  }

  static resolved(context: FakeRequestContext, sheet: SheetState): FakeWorksheet {
    const worksheet = new FakeWorksheet(context, { sheet, error: null, isNull: false }, sheet.name)
    worksheet.markLoaded('name', sheet.name)
    return worksheet
  }

  /** Known once the request that fetched the sheet was synced, as office.js does. */
  get isNullObject(): boolean {
    if (this.ref.sheet === null && !this.ref.isNull) this.loadedValue('isNullObject')
    return this.ref.isNull
  }

  get name(): string {
    return this.loadedValue<string>('name')
  }

  set name(value: string) {
    this.command('Worksheet.name', { name: value }, (sheet) => {
      const clash = this.context.state.sheet(value)
      if (clash && clash !== sheet)
        throw new FakeExcelError('ItemAlreadyExists', `A sheet named ${value} already exists.`, 'Worksheet.name')
      sheet.name = value
    })
  }

  /** The sheet at processing time; commands on a missing, null or deleted sheet fail. */
  target(location: string): SheetState {
    const { sheet, error, isNull } = this.ref
    if (error) throw error
    if (isNull) throw new FakeExcelError('InvalidOperation', `${this.label} is a null object.`, location)
    if (!sheet || sheet.deleted) throw new FakeExcelError('ItemNotFound', `The worksheet ${this.label} doesn't exist.`, location)
    return sheet
  }

  /** Queues a change to the sheet; `guarded` ones are refused while the sheet is protected. */
  command(location: string, describe: object, apply: (sheet: SheetState) => void, guarded = false): void {
    this.context.enqueue({
      describe: { method: location, sheet: this.label, ...describe },
      run: () => {
        const sheet = this.target(location)
        if (guarded && sheet.protection.protected) {
          throw new FakeExcelError('AccessDenied', `${sheet.name} is protected.`, location)
        }
        apply(sheet)
      },
    })
  }

  delete(): void {
    this.command('Worksheet.delete', {}, (sheet) => {
      const state = this.context.state
      if (state.liveSheets.length === 1)
        throw new FakeExcelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.', 'Worksheet.delete')
      sheet.deleted = true
      if (state.activeSheet === sheet.name) state.activeSheet = state.liveSheets[0]?.name ?? null
    })
  }

  activate(): void {
    this.command('Worksheet.activate', {}, (sheet) => {
      this.context.state.activeSheet = sheet.name
    })
  }

  getRange(address?: string): FakeRange {
    if (address === undefined) throw new TypeError('fake Excel: Worksheet.getRange() without an address is not supported')
    return new FakeRange(this.context, this, parseAddress(address))
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    const rect: Rect = { row: startRow, column: startColumn, rows: rowCount, columns: columnCount }
    checkRect(rect, 'Worksheet.getRangeByIndexes')
    return new FakeRange(this.context, this, rect)
  }

  protected snapshot(property: string): unknown {
    if (property === 'isNullObject') return this.ref.isNull
    const sheet = this.target(`Worksheet.${property}`)
    if (property === 'name') return sheet.name
    if (property === 'id') return sheet.id
    if (property === 'position') return this.context.state.liveSheets.indexOf(sheet)
    return 'Visible'
  }
}

export class FakeWorksheetProtection extends FakeClientObject implements FakeOf<Excel.WorksheetProtection> {
  protected readonly typeName = 'WorksheetProtection'
  protected readonly scalarProperties = ['protected', 'options'] as const
  private readonly worksheet: FakeWorksheet

  constructor(context: FakeRequestContext, worksheet: FakeWorksheet) {
    super(context)
    this.worksheet = worksheet
  }

  get protected(): boolean {
    return this.loadedValue<boolean>('protected')
  }

  get options(): Excel.WorksheetProtectionOptions {
    return this.loadedValue<Excel.WorksheetProtectionOptions>('options')
  }

  protect(options?: Excel.WorksheetProtectionOptions, password?: string): void {
    this.worksheet.command('WorksheetProtection.protect', { options, password: password === undefined ? undefined : '***' }, (sheet) => {
      if (sheet.protection.protected)
        throw new FakeExcelError('InvalidOperation', `${sheet.name} is already protected.`, 'WorksheetProtection.protect')
      sheet.protection = { protected: true, options: { ...options } }
    })
  }

  unprotect(): void {
    this.worksheet.command('WorksheetProtection.unprotect', {}, (sheet) => {
      sheet.protection = { protected: false, options: {} }
    })
  }

  protected snapshot(property: string): unknown {
    const sheet = this.worksheet.target(`WorksheetProtection.${property}`)
    return property === 'protected' ? sheet.protection.protected : sheet.protection.options
  }
}

export class FakeFreezePanes implements FakeOf<Excel.WorksheetFreezePanes> {
  private readonly worksheet: FakeWorksheet

  constructor(_context: FakeRequestContext, worksheet: FakeWorksheet) {
    this.worksheet = worksheet
  }

  freezeRows(count?: number): void {
    this.worksheet.command(
      'WorksheetFreezePanes.freezeRows',
      { count },
      (sheet) => {
        sheet.frozenRows = count ?? 1
      },
      true,
    )
  }

  unfreeze(): void {
    this.worksheet.command(
      'WorksheetFreezePanes.unfreeze',
      {},
      (sheet) => {
        sheet.frozenRows = 0
      },
      true,
    )
  }
}

export class FakeAutoFilter implements FakeOf<Excel.AutoFilter> {
  private readonly worksheet: FakeWorksheet

  constructor(_context: FakeRequestContext, worksheet: FakeWorksheet) {
    this.worksheet = worksheet
  }

  apply(range: object | string): void {
    if (!(range instanceof FakeRange)) throw new TypeError('fake Excel: AutoFilter.apply takes a Range here')
    this.worksheet.command(
      'AutoFilter.apply',
      { range: range.rect },
      (sheet) => {
        if (range.worksheetTarget('AutoFilter.apply') !== sheet)
          throw new FakeExcelError('InvalidArgument', 'The range is on another sheet.', 'AutoFilter.apply')
        sheet.autoFilter = range.rect
      },
      true,
    )
  }
}
