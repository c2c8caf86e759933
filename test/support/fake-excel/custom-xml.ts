import { FakeClientObject } from './client-object.ts'
import type { FakeOf } from './conformance.ts'
import type { FakeRequestContext } from './context.ts'
import { FakeExcelError } from './errors.ts'
import type { CustomXmlPartState } from './workbook-state.ts'

const ROOT_NAMESPACE = /^\s*(?:<\?xml[^>]*\?>\s*)?<[A-Za-z_][\w.-]*(?::[\w.-]+)?[^>]*?\sxmlns(?::\w+)?="([^"]*)"/

type PartRef = { part: CustomXmlPartState | null }

export class FakeCustomXmlPartCollection implements FakeOf<Excel.CustomXmlPartCollection> {
  private readonly context: FakeRequestContext

  constructor(context: FakeRequestContext) {
    this.context = context
  }

  add(xml: string): FakeCustomXmlPart {
    const ref: PartRef = { part: null }
    this.context.enqueue({
      describe: { method: 'CustomXmlPartCollection.add', xml },
      run: () => {
        const namespace = ROOT_NAMESPACE.exec(xml)
        if (!namespace)
          throw new FakeExcelError('InvalidArgument', 'The XML has no root element with a namespace.', 'CustomXmlPartCollection.add')
        ref.part = { id: this.context.state.newPartId(), namespaceUri: namespace[1] ?? '', xml }
        this.context.state.customXmlParts.push(ref.part)
      },
    })
    return new FakeCustomXmlPart(this.context, ref)
  }

  getByNamespace(namespaceUri: string): FakeCustomXmlPartScopedCollection {
    return new FakeCustomXmlPartScopedCollection(this.context, namespaceUri)
  }
}

export class FakeCustomXmlPartScopedCollection extends FakeClientObject implements FakeOf<Excel.CustomXmlPartScopedCollection> {
  protected readonly typeName = 'CustomXmlPartScopedCollection'
  protected readonly scalarProperties = ['items/id'] as const
  private readonly namespaceUri: string
  private loadedParts: CustomXmlPartState[] = []

  constructor(context: FakeRequestContext, namespaceUri: string) {
    super(context)
    this.namespaceUri = namespaceUri
  }

  get items(): FakeCustomXmlPart[] {
    this.loadedValue('items/id')
    return this.loadedParts.map((part) => new FakeCustomXmlPart(this.context, { part }))
  }

  protected snapshot(): unknown {
    this.loadedParts = this.context.state.customXmlParts.filter((part) => part.namespaceUri === this.namespaceUri)
    return this.loadedParts.map((part) => part.id)
  }
}

export class FakeCustomXmlPart implements FakeOf<Excel.CustomXmlPart> {
  private readonly context: FakeRequestContext
  private readonly ref: PartRef

  constructor(context: FakeRequestContext, ref: PartRef) {
    this.context = context
    this.ref = ref
  }

  delete(): void {
    this.context.enqueue({
      describe: { method: 'CustomXmlPart.delete' },
      run: () => {
        const parts = this.context.state.customXmlParts
        const index = this.ref.part === null ? -1 : parts.indexOf(this.ref.part)
        if (index < 0) throw new FakeExcelError('ItemNotFound', 'The custom XML part does not exist.', 'CustomXmlPart.delete')
        parts.splice(index, 1)
      },
    })
  }

  getXml(): { readonly value: string } {
    const result = { loaded: false, xml: '' }
    this.context.enqueue({
      describe: { method: 'CustomXmlPart.getXml' },
      run: () => {
        if (this.ref.part === null) throw new FakeExcelError('ItemNotFound', 'The custom XML part does not exist.', 'CustomXmlPart.getXml')
        result.loaded = true
        result.xml = this.ref.part.xml
        return result.xml
      },
    })
    return {
      get value(): string {
        if (!result.loaded)
          throw new FakeExcelError('PropertyNotLoaded', 'ClientResult.value is not available before context.sync().', 'ClientResult.value')
        return result.xml
      },
    }
  }
}
