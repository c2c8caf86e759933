import { FakeClientObject } from './client-object.ts'
import type { FakeOf } from './conformance.ts'
import type { FakeRequestContext } from './context.ts'
import { FakeExcelError } from './errors.ts'

/** Add-in settings stored in the document, values JSON-serialisable (ExcelApi 1.4). */
export class FakeSettingCollection implements FakeOf<Excel.SettingCollection> {
  private readonly context: FakeRequestContext

  constructor(context: FakeRequestContext) {
    this.context = context
  }

  add(key: string, value: string | number | boolean | Date | unknown[] | object): FakeSetting {
    this.context.enqueue({
      describe: { method: 'SettingCollection.add', key, value },
      run: () => {
        if (key.trim() === '') throw new FakeExcelError('InvalidArgument', 'A setting needs a key.', 'SettingCollection.add')
        this.context.state.settings.set(key, JSON.parse(JSON.stringify(value)) as unknown)
      },
    })
    return new FakeSetting(this.context, key)
  }

  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.context, key)
  }
}

export class FakeSetting extends FakeClientObject implements FakeOf<Excel.Setting> {
  protected readonly typeName = 'Setting'
  protected readonly scalarProperties = ['key', 'value'] as const
  private readonly settingKey: string
  private lookup: { exists: boolean } | null = null

  constructor(context: FakeRequestContext, key: string) {
    super(context)
    this.settingKey = key
    context.enqueue({
      describe: { method: 'SettingCollection.getItemOrNullObject', key },
      run: () => {
        this.lookup = { exists: context.state.settings.has(key) }
      },
    })
  }

  get isNullObject(): boolean {
    if (this.lookup === null) return this.loadedValue<boolean>('isNullObject')
    return !this.lookup.exists
  }

  get value(): unknown {
    return this.loadedValue('value')
  }

  /** A null object loads as nulls, as office.js reports it. */
  protected snapshot(property: string): unknown {
    return property === 'key' ? this.settingKey : (this.context.state.settings.get(this.settingKey) ?? null)
  }
}
