import { FakeClientObject } from './client-object.ts'
import type { FakeRequestContext } from './context.ts'
import { FakeCustomXmlPartCollection } from './custom-xml.ts'
import { FakeExcelError } from './errors.ts'
import { SheetState } from './sheet-state.ts'
import { FakeSettingCollection } from './settings.ts'
import type { FakeOf } from './conformance.ts'
import { FakeWorksheet, type SheetRef } from './worksheet.ts'

export class FakeWorkbook implements FakeOf<Excel.Workbook> {
  readonly worksheets: FakeWorksheetCollection
  readonly settings: FakeSettingCollection
  readonly customXmlParts: FakeCustomXmlPartCollection

  constructor(context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context)
    this.settings = new FakeSettingCollection(context)
    this.customXmlParts = new FakeCustomXmlPartCollection(context)
  }
}

/** Excel refuses these characters in sheet names, and names over 31 characters. */
const BAD_NAME = /[[\]:*?/\\]/

export class FakeWorksheetCollection extends FakeClientObject implements FakeOf<Excel.WorksheetCollection> {
  protected readonly typeName = 'WorksheetCollection'
  protected readonly scalarProperties = ['items/name'] as const

  constructor(context: FakeRequestContext) {
    super(context)
  }

  private loadedSheets: SheetState[] = []

  /** The sheets as of the last `load('items/name')`, each with its name loaded. */
  get items(): FakeWorksheet[] {
    this.loadedValue<string[]>('items/name')
    return this.loadedSheets.map((sheet) => FakeWorksheet.resolved(this.context, sheet))
  }

  add(name?: string): FakeWorksheet {
    const ref: SheetRef = { sheet: null, error: null, isNull: false }
    const state = this.context.state
    this.context.enqueue({
      describe: { method: 'WorksheetCollection.add', name },
      run: () => {
        const wanted = name ?? `Sheet${state.sheets.length + 1}`
        if (wanted.length === 0 || wanted.length > 31 || BAD_NAME.test(wanted)) {
          throw new FakeExcelError('InvalidArgument', `"${wanted}" is not a valid sheet name.`, 'WorksheetCollection.add')
        }
        if (state.sheet(wanted))
          throw new FakeExcelError('ItemAlreadyExists', `A sheet named ${wanted} already exists.`, 'WorksheetCollection.add')
        ref.sheet = new SheetState(wanted)
        state.sheets.push(ref.sheet)
      },
    })
    return new FakeWorksheet(this.context, ref, name ?? '(new)')
  }

  getItem(key: string): FakeWorksheet {
    return this.lookup(key, false)
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return this.lookup(key, true)
  }

  protected snapshot(): unknown {
    this.loadedSheets = this.context.state.liveSheets
    return this.loadedSheets.map((sheet) => sheet.name)
  }

  private lookup(key: string, orNull: boolean): FakeWorksheet {
    const ref: SheetRef = { sheet: null, error: null, isNull: false }
    const location = orNull ? 'WorksheetCollection.getItemOrNullObject' : 'WorksheetCollection.getItem'
    this.context.enqueue({
      describe: { method: location, key },
      run: () => {
        const sheet = this.context.state.sheet(key)
        if (sheet) ref.sheet = sheet
        else if (orNull) ref.isNull = true
        else throw new FakeExcelError('ItemNotFound', `The requested resource ${key} doesn't exist.`, location)
      },
    })
    return new FakeWorksheet(this.context, ref, key)
  }
}
