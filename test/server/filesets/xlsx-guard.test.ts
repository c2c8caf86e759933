import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_XLSX_GUARD, type XlsxGuardLimits } from '../../../server/filesets/limits.ts'
import { checkXlsx } from '../../../server/filesets/xlsx-guard.ts'
import { useTempFolder } from '../extracts/temp-folder.ts'
import { sheetXml, workbook, workbookParts, zipOf, type ZipPart } from './workbooks.ts'

const tempFolder = useTempFolder()
const SMALL: XlsxGuardLimits = {
  maxEntries: 10,
  maxInflatedBytes: 64 * 1024,
  maxSharedStringsBytes: 8 * 1024,
  maxOtherPartBytes: 4 * 1024,
  maxSegmentBytes: 1024,
}
const signal = new AbortController().signal

async function check(bytes: Buffer, limits: XlsxGuardLimits = SMALL): Promise<string | null> {
  const path = join(await tempFolder(), 'book.xlsx')
  await writeFile(path, bytes)
  return checkXlsx(path, limits, signal)
}

const rows = (count: number) => sheetXml(Array.from({ length: count }, (_, index) => [index + 1, [`V-${index}`, index]] as const))

describe('the workbook guard of uploads', () => {
  it('lets a workbook written by exceljs through', async () => {
    const book = await workbook([
      ['Voucher Id', 'Amount Used'],
      ['V-1', 12.5],
    ])
    expect(await check(book, DEFAULT_XLSX_GUARD)).toBeNull()
  })

  it('lets many small rows through even when together they exceed the row limit', async () => {
    expect(await check(zipOf(workbookParts(rows(200))))).toBeNull()
  })

  it('refuses a file that is not a zip', async () => {
    expect(await check(Buffer.from('Voucher Id,Amount Used\n'))).toMatch(/^not a readable workbook \(\.xlsx is a zip\): /)
  })

  it('refuses a part that declares more than its limit before inflating anything', async () => {
    const styles: ZipPart = { name: 'xl/styles.xml', data: Buffer.alloc(5 * 1024, 0x20) }
    expect(await check(zipOf([...workbookParts(rows(2)), styles]))).toBe(
      'part xl/styles.xml inflates to more than 4096 bytes; export the extract as CSV',
    )
  })

  it('refuses a workbook whose parts together inflate beyond the total', async () => {
    const sheets = [2, 3].map((n) => ({ name: `xl/worksheets/sheet${n}.xml`, data: Buffer.from(rows(600)) }))
    expect(await check(zipOf([...workbookParts(rows(2)), ...sheets]))).toBe(
      'the workbook inflates to more than 65536 bytes; export the extract as CSV',
    )
  })

  it('catches a part that inflates to more than its headers declare (a lying zip bomb)', async () => {
    const liar = zipOf(workbookParts(' '.repeat(1_000_000), { declaredSize: 1_000 }))
    expect(await check(liar)).toMatch(/^not a readable workbook \(\.xlsx is a zip\): .*too many bytes/)
  })

  it('refuses one row larger than the segment limit, the way a bomb of cells builds one', async () => {
    const row = `<row r="2">${'<c><v>1</v></c>'.repeat(200)}</row>`
    const sheet = rows(1).replace('</sheetData>', `${row}</sheetData>`)
    expect(await check(zipOf(workbookParts(sheet)))).toBe(
      'worksheet xl/worksheets/sheet1.xml: a row of more than 1024 bytes of markup; the workbook is damaged or hostile',
    )
  })

  it('sees rows written with a namespace prefix', async () => {
    const prefixed = rows(100).replaceAll('<row', '<x:row').replaceAll('</row', '</x:row')
    expect(await check(zipOf(workbookParts(prefixed)))).toBeNull()
  })

  it('refuses one shared string larger than the segment limit', async () => {
    const strings: ZipPart = { name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst><si><t>${'a'.repeat(2_000)}</t></si></sst>`) }
    expect(await check(zipOf([...workbookParts(rows(2)), strings]))).toMatch(
      /^shared strings xl\/sharedStrings\.xml: a string of more than 1024 bytes/,
    )
  })

  it('refuses a part the zip directory does not list (the streaming reader would read it)', async () => {
    const hidden: ZipPart = { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(rows(2)), hidden: true }
    const [first, ...others] = workbookParts(rows(2))
    expect(await check(zipOf([first as ZipPart, hidden, ...others.slice(0, -1)]))).toMatch(
      /^bytes at offset \d+ are not accounted for by the zip directory/,
    )
  })

  it('refuses more parts than the limit', async () => {
    const many = Array.from({ length: 10 }, (_, index) => ({ name: `xl/media/image${index}.png`, data: Buffer.from('x') }))
    expect(await check(zipOf([...workbookParts(rows(2)), ...many]))).toBe('15 parts in the workbook; at most 10 are accepted')
  })
})
