import { crc32, deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'

/** Workbooks for upload tests: real ones from exceljs, and hand-made zips to attack the reader. */
export async function workbook(rows: readonly unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('Extract')
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await book.xlsx.writeBuffer())
}

export type ZipPart = {
  readonly name: string
  readonly data: Buffer
  /** Deflate (default) or store. */
  readonly stored?: boolean
  /** Written as a local entry but left out of the zip directory. */
  readonly hidden?: boolean
  /** The size the headers declare instead of the real one. */
  readonly declaredSize?: number
}

/** A zip written byte by byte (local headers, directory, end record), no data descriptors. */
export function zipOf(parts: readonly ZipPart[]): Buffer {
  const chunks: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  let listed = 0
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8')
    const body = part.stored ? part.data : deflateRawSync(part.data)
    const size = part.declaredSize ?? part.data.length
    const fields = { method: part.stored ? 0 : 8, crc: crc32(part.data), compressed: body.length, size, nameLength: name.length }
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(fields.method, 8)
    local.writeUInt16LE(0x21, 12)
    local.writeUInt32LE(fields.crc, 14)
    local.writeUInt32LE(fields.compressed, 18)
    local.writeUInt32LE(fields.size, 22)
    local.writeUInt16LE(fields.nameLength, 26)
    chunks.push(local, name, body)
    if (!part.hidden) {
      const central = Buffer.alloc(46)
      central.writeUInt32LE(0x02014b50, 0)
      central.writeUInt16LE(20, 4)
      central.writeUInt16LE(20, 6)
      central.writeUInt16LE(0x0800, 8)
      central.writeUInt16LE(fields.method, 10)
      central.writeUInt16LE(0x21, 14)
      central.writeUInt32LE(fields.crc, 16)
      central.writeUInt32LE(fields.compressed, 20)
      central.writeUInt32LE(fields.size, 24)
      central.writeUInt16LE(fields.nameLength, 28)
      central.writeUInt32LE(offset, 42)
      directory.push(central, name)
      listed += 1
    }
    offset += local.length + name.length + body.length
  }
  const directoryBytes = Buffer.concat(directory)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(listed, 8)
  end.writeUInt16LE(listed, 10)
  end.writeUInt32LE(directoryBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...chunks, directoryBytes, end])
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '</Types>'
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>'
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Extract" sheetId="1" r:id="rId1"/></sheets></workbook>'
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '</Relationships>'

/** The parts of a one-sheet workbook around the given sheet XML. */
export function workbookParts(sheetXml: string | Buffer, extra: Partial<ZipPart> = {}): ZipPart[] {
  return [
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(ROOT_RELS) },
    { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WORKBOOK_RELS) },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.isBuffer(sheetXml) ? sheetXml : Buffer.from(sheetXml), ...extra },
  ]
}

/** A worksheet of inline-string and number cells; `rows` are [rowNumber, cells]. */
export function sheetXml(rows: readonly (readonly [number, readonly (string | number)[]])[]): string {
  const cells = (row: number, values: readonly (string | number)[]) =>
    values
      .map((value, index) => {
        const ref = `${String.fromCharCode(65 + index)}${row}`
        return typeof value === 'number' ? `<c r="${ref}"><v>${value}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`
      })
      .join('')
  const body = rows.map(([row, values]) => `<row r="${row}">${cells(row, values)}</row>`).join('')
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`
}
