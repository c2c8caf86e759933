import ExcelJS from 'exceljs'
import type { CellStyle } from './xlsx-styles.ts'
import { QUOTE_PREFIX } from './xlsx-styles.ts'

type Zip = { append(data: string, options: { name: string }): void }

/** The parts of exceljs 4.4's style manager that quotePrefix needs; it has no option for it. */
type StyleManager = {
  addStyleModel(model: CellStyle | undefined, cellType?: number): number
  model: { styles: string[] }
  index: { style: Record<string, number> }
}

const OFFICE_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
  '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>' +
  '</Relationships>'

const CUSTOM_CONTENT_TYPE =
  '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function customXml(properties: readonly (readonly [string, string])[]): string {
  const items = properties.map(
    ([name, value], i) =>
      `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${i + 2}" name="${xmlText(name)}">` +
      `<vt:lpwstr>${xmlText(value)}</vt:lpwstr></property>`,
  )
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" ' +
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    `${items.join('')}</Properties>`
  )
}

/**
 * exceljs's streaming writer plus two things it lacks: document custom properties (run id and
 * period under File › Info) and quotePrefix cells. Both reach into exceljs 4.4 internals (`zip`,
 * `styles`), so they live here, one place to re-check on an upgrade.
 */
export class RunWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  customProperties: (readonly [string, string])[] = []

  constructor(options: Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>) {
    super(options)
    enableQuotePrefix(this.internals().styles)
  }

  private internals(): { zip: Zip; styles: StyleManager } {
    return this as unknown as { zip: Zip; styles: StyleManager }
  }

  // Called by the base constructor: the package relationships, now with the custom part.
  override addOfficeRels(): Promise<void> {
    this.internals().zip.append(OFFICE_RELS, { name: '/_rels/.rels' })
    return Promise.resolve()
  }

  override addContentTypes(): Promise<void> {
    const zip = this.internals().zip
    const append = zip.append
    zip.append = (data, options) => {
      zip.append = append
      append.call(zip, data.replace('</Types>', `${CUSTOM_CONTENT_TYPE}</Types>`), options)
    }
    return super.addContentTypes()
  }

  override addApp(): Promise<void> {
    this.internals().zip.append(customXml(this.customProperties), { name: 'docProps/custom.xml' })
    return super.addApp()
  }
}

/** Registers a quoted twin of a style's cell format (`<xf quotePrefix="1" …>`) on first use. */
function enableQuotePrefix(styles: StyleManager): void {
  const addStyleModel = styles.addStyleModel.bind(styles)
  const quoted = new WeakMap<object, number>()
  styles.addStyleModel = (model, cellType) => {
    if (model === undefined || model[QUOTE_PREFIX] !== true) return addStyleModel(model, cellType)
    const known = quoted.get(model)
    if (known !== undefined) return known
    const xml = styles.model.styles[addStyleModel(model, cellType)] ?? '<xf/>'
    const twin = xml.replace(/^<xf /, '<xf quotePrefix="1" ')
    let id = styles.index.style[twin]
    if (id === undefined) {
      id = styles.model.styles.length
      styles.index.style[twin] = id
      styles.model.styles.push(twin)
    }
    quoted.set(model, id)
    return id
  }
}
