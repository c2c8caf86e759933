import { FakeClientObject } from './client-object.ts'
import type { FakeOf } from './conformance.ts'
import type { FakeRequestContext } from './context.ts'
import { FakeExcelError } from './errors.ts'
import { checkRect, parseAddress, type Rect } from './geometry.ts'
import { FakeRange } from './range.ts'
import type { PageLayoutState, SheetState } from './sheet-state.ts'

/** How a worksheet proxy finds its sheet once the command that fetched it has run. */
export type SheetRef = { sheet: SheetState | null; error: FakeExcelError | null; isNull: boolean }

export class FakeWorksheet extends FakeClientObject implements FakeOf<Excel.Worksheet> {
  protected readonly typeName = 'Worksheet'
  protected readonly scalarProperties = ['name', 'id', 'position', 'visibility'] as const
  readonly protection: FakeWorksheetProtection
  readonly freezePanes: FakeFreezePanes
  readonly autoFilter: FakeAutoFilter
  readonly pageLayout: FakePageLayout
  private readonly ref: SheetRef
  private readonly label: string

  constructor(context: FakeRequestContext, ref: SheetRef, label: string) {
    super(context)
    this.ref = ref
    this.label = label
    this.protection = new FakeWorksheetProtection(context, this)
    this.freezePanes = new FakeFreezePanes(context, this)
    this.autoFilter = new FakeAutoFilter(context, this)
    this.pageLayout = new FakePageLayout(context, this)
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
      // Excel re-points the formulas that refer to a renamed sheet.
      const quoted = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`)
      const before = `${quoted(sheet.name)}!`
      for (const other of this.context.state.liveSheets) {
        for (const [key, formula] of other.formulas)
          if (formula.includes(before)) other.formulas.set(key, formula.split(before).join(`${quoted(value)}!`))
      }
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

const PAPER_SIZES = new Set(['A4', 'Letter', 'Legal', 'A3'])
const ROW_TITLES = /^\$\d+:\$\d+$/
const COLUMN_TITLES = /^\$[A-Z]+:\$[A-Z]+$/

/** Page layout (ExcelApi 1.9): recorded per sheet; bad print-title ranges are refused as Excel does. */
export class FakePageLayout implements FakeOf<Excel.PageLayout> {
  readonly headersFooters: FakeHeadersFooters
  private readonly worksheet: FakeWorksheet

  constructor(_context: FakeRequestContext, worksheet: FakeWorksheet) {
    this.worksheet = worksheet
    this.headersFooters = new FakeHeadersFooters(worksheet)
  }

  private set<K extends keyof PageLayoutState>(property: K, value: PageLayoutState[K]): void {
    this.worksheet.command(`PageLayout.${property}`, { [property]: value }, (sheet) => {
      sheet.pageLayout[property] = value
    })
  }

  set orientation(value: Excel.PageOrientation | 'Portrait' | 'Landscape') {
    this.set('orientation', value)
  }

  set paperSize(value: Excel.PaperType | 'A4' | 'Letter' | 'Legal' | 'A3') {
    if (!PAPER_SIZES.has(value)) throw new FakeExcelError('InvalidArgument', `Unknown paper size ${value}.`, 'PageLayout.paperSize')
    this.set('paperSize', value)
  }

  set zoom(value: Excel.PageLayoutZoomOptions) {
    if (value.scale !== undefined && (value.scale < 10 || value.scale > 400))
      throw new FakeExcelError('InvalidArgument', 'Zoom scale must be 10 to 400.', 'PageLayout.zoom')
    this.set('zoom', value)
  }

  private margin(side: 'left' | 'right' | 'top' | 'bottom', points: number): void {
    this.worksheet.command(`PageLayout.${side}Margin`, { points }, (sheet) => {
      sheet.pageLayout.margins[side] = points
    })
  }

  set leftMargin(points: number) {
    this.margin('left', points)
  }

  set rightMargin(points: number) {
    this.margin('right', points)
  }

  set topMargin(points: number) {
    this.margin('top', points)
  }

  set bottomMargin(points: number) {
    this.margin('bottom', points)
  }

  setPrintTitleRows(rows: object | string): void {
    if (typeof rows !== 'string' || !ROW_TITLES.test(rows))
      throw new FakeExcelError('InvalidArgument', `Print title rows must be $n:$m, not ${String(rows)}.`, 'PageLayout.setPrintTitleRows')
    this.set('printTitleRows', rows)
  }

  setPrintTitleColumns(columns: object | string): void {
    if (typeof columns !== 'string' || !COLUMN_TITLES.test(columns))
      throw new FakeExcelError(
        'InvalidArgument',
        `Print title columns must be $A:$B, not ${String(columns)}.`,
        'PageLayout.setPrintTitleColumns',
      )
    this.set('printTitleColumns', columns)
  }
}

type HeaderPart = keyof PageLayoutState['headers']

export class FakeHeadersFooters {
  readonly defaultForAllPages: FakeHeaderFooter

  constructor(worksheet: FakeWorksheet) {
    this.defaultForAllPages = new FakeHeaderFooter(worksheet)
  }
}

export class FakeHeaderFooter implements FakeOf<Excel.HeaderFooter> {
  private readonly worksheet: FakeWorksheet

  constructor(worksheet: FakeWorksheet) {
    this.worksheet = worksheet
  }

  private part(part: HeaderPart, text: string): void {
    // Excel's limit on a header or footer section.
    if (text.length > 255) throw new FakeExcelError('InvalidArgument', `${part} is longer than 255 characters.`, `HeaderFooter.${part}`)
    this.worksheet.command(`HeaderFooter.${part}`, { text }, (sheet) => {
      sheet.pageLayout.headers[part] = text
    })
  }

  set leftHeader(text: string) {
    this.part('leftHeader', text)
  }

  set centerHeader(text: string) {
    this.part('centerHeader', text)
  }

  set rightHeader(text: string) {
    this.part('rightHeader', text)
  }

  set leftFooter(text: string) {
    this.part('leftFooter', text)
  }

  set centerFooter(text: string) {
    this.part('centerFooter', text)
  }

  set rightFooter(text: string) {
    this.part('rightFooter', text)
  }
}
