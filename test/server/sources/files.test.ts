import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import yauzl from 'yauzl'
import yazl from 'yazl'
import { describe, expect, it } from 'vitest'
import { readExtractRows } from '../../../server/extracts/canonical-reader.ts'
import { ingestExtract } from '../../../server/extracts/ingest.ts'
import { createFilesSource, type FilesProvenance } from '../../../server/sources/files.ts'
import type { ExtractParams, RecordStream } from '../../../server/sources/source.ts'
import { JDASH } from '../../../shared/extracts/catalog.ts'
import type { ExtractId } from '../../../shared/extracts/schema.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { useTempFolder } from '../extracts/temp-folder.ts'

const tempFolder = useTempFolder()
const params: ExtractParams = { period: parsePeriod('2025-09'), companies: ['EC_NG'], glAccounts: ['18412'] }

async function folderWith(files: Record<string, string | Buffer>): Promise<string> {
  const folder = await tempFolder()
  for (const [name, content] of Object.entries(files)) await writeFile(join(folder, name), content)
  return folder
}

async function read(folder: string, extract: ExtractId, options = {}): Promise<{ stream: RecordStream; records: unknown[][] }> {
  const stream = await createFilesSource(folder, options).read({ extract, params, signal: new AbortController().signal })
  const records: unknown[][] = []
  for await (const record of stream.records) records.push([...record])
  return { stream, records }
}

async function xlsx(rows: readonly unknown[][], configure?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Extract')
  for (const row of rows) sheet.addRow(row)
  configure?.(sheet)
  workbook.addWorksheet('Other').addRow(['not', 'read'])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The same workbook with its zip entries in another order: relationships and shared strings, worksheets, xl/workbook.xml last. */
async function worksheetsFirst(workbook: Buffer): Promise<Buffer> {
  const zip = await yauzl.fromBufferPromise(workbook, { lazyEntries: true })
  const entries = new Map<string, Buffer>()
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      zip
        .once('entry', resolve)
        .once('end', () => resolve(null))
        .once('error', reject)
      zip.readEntry()
    })
    if (entry === null) break
    const chunks: Buffer[] = []
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
    if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, Buffer.concat(chunks))
  }
  const first = (name: string) => name.endsWith('.rels') || name === 'xl/sharedStrings.xml'
  const rank = (name: string) => (first(name) ? 0 : name.startsWith('xl/worksheets/') ? 1 : name === 'xl/workbook.xml' ? 3 : 2)
  const out = new yazl.ZipFile()
  for (const [name, bytes] of [...entries].sort(([a], [b]) => rank(a) - rank(b))) out.addBuffer(bytes, name)
  out.end()
  const chunks: Buffer[] = []
  for await (const chunk of out.outputStream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

describe('files source: CSV and TSV (methodology §3)', () => {
  it('reads a UTF-8 CSV with a BOM, quoted cells and CRLF line ends', async () => {
    const folder = await folderWith({ 'JDASH.csv': '\uFEFFVoucher Id,Amount Used\r\n"V,1",12.50\r\nV2,"1,234.00"\r\n' })
    const { stream, records } = await read(folder, 'JDASH')
    expect(stream.header).toEqual(['Voucher Id', 'Amount Used'])
    expect(records).toEqual([
      ['V,1', '12.50'],
      ['V2', '1,234.00'],
    ])
  })

  it('detects a semicolon delimiter from the header line', async () => {
    const folder = await folderWith({ 'CR_05.csv': 'Company_Code;year;cod_month;FX_rate\nEC_NG;2025;9;1500,25\n' })
    const { stream, records } = await read(folder, 'CR_05')
    expect(stream.header).toEqual(['Company_Code', 'year', 'cod_month', 'FX_rate'])
    expect(records).toEqual([['EC_NG', '2025', '9', '1500,25']])
  })

  it('reads a TSV, matching the extension in any case', async () => {
    const folder = await folderWith({ 'CR_05.TSV': 'Company_Code\tyear\nEC_NG\t2025\n' })
    const { records } = await read(folder, 'CR_05')
    expect(records).toEqual([['EC_NG', '2025']])
  })

  it('names the file and line of a malformed quote', async () => {
    const folder = await folderWith({ 'JDASH.csv': 'Voucher Id,Amount Used\nV1,1\nV2,"2"x\n' })
    await expect(read(folder, 'JDASH')).rejects.toThrow(/^JDASH file JDASH\.csv, line 3: Invalid Closing Quote/)
  })

  it('names the file and line of a row with the wrong number of fields', async () => {
    const folder = await folderWith({ 'JDASH.csv': 'Voucher Id,Amount Used\nV1,1\nV2,2,3\n' })
    await expect(read(folder, 'JDASH')).rejects.toThrow(/^JDASH file JDASH\.csv, line 3: Invalid Record Length: expect 2, got 3/)
  })

  it('refuses an empty file, which has no header line', async () => {
    const folder = await folderWith({ 'CR_04.csv': '' })
    await expect(read(folder, 'CR_04')).rejects.toThrow('CR_04 file CR_04.csv: empty file, no header line')
  })

  it('refuses a file that is not UTF-8', async () => {
    const folder = await folderWith({ 'JDASH.csv': Buffer.from('Voucher Id,Amount Used\nSoci\xe9t\xe9,1\n', 'latin1') })
    await expect(read(folder, 'JDASH')).rejects.toThrow(/JDASH file JDASH\.csv: not UTF-8 text/)
  })

  it('accepts UTF-8 characters cut by the chunk boundaries of reading, and refuses one cut by the end of the file', async () => {
    for (const shift of ['', 'x', 'xy']) {
      const long = '€'.repeat(300_000)
      const folder = await folderWith({ 'JDASH.csv': `Voucher Id,Amount Used\n${shift}${long},1\n${long},2\n` })
      const { records } = await read(folder, 'JDASH')
      expect(records).toEqual([
        [`${shift}${long}`, '1'],
        [long, '2'],
      ])
    }
    const cut = Buffer.concat([Buffer.from('Voucher Id,Amount Used\nV1,1\n'), Buffer.from('€').subarray(0, 2)])
    await expect(read(await folderWith({ 'JDASH.csv': cut }), 'JDASH')).rejects.toThrow(/JDASH file JDASH\.csv: not UTF-8 text/)
  })

  it('records the original file name, size and SHA-256 as provenance', async () => {
    const content = 'Voucher Id,Amount Used\nV1,1\n'
    const folder = await folderWith({ 'JDASH.csv': content })
    const { stream } = await read(folder, 'JDASH')
    const sha256 = createHash('sha256').update(content).digest('hex')
    expect(stream.provenance).toEqual(
      expect.objectContaining({ kind: 'files', file: 'JDASH.csv', originals: [{ name: 'JDASH.csv', bytes: content.length, sha256 }] }),
    )
    expect((stream.provenance as FilesProvenance).description).toContain(sha256)
  })
})

describe('files source: finding files', () => {
  it('tells which extracts it has', async () => {
    const source = createFilesSource(await folderWith({ 'CR_03.csv': 'a\n', 'cr_04.csv': 'a\n', 'IPE_08_USAGE.csv': 'a\n' }))
    expect(await source.has('CR_03')).toBe(true)
    expect(await source.has('CR_04')).toBe(false)
    expect(await source.has('IPE_08')).toBe(false)
  })

  it('refuses ambiguous duplicates such as CR_03.csv and CR_03.xlsx', async () => {
    const folder = await folderWith({ 'CR_03.csv': 'a\n', 'CR_03.xlsx': 'a' })
    await expect(read(folder, 'CR_03')).rejects.toThrow('CR_03: CR_03.csv, CR_03.xlsx could each be the extract; keep exactly one')
  })

  it('reports a missing extract, pointing at a name that differs only in case', async () => {
    const folder = await folderWith({ 'cr_04.csv': 'a\n' })
    await expect(read(folder, 'CR_04')).rejects.toMatchObject({
      code: 'TIEOUT_ERR_MISSING_EXTRACT',
      message: expect.stringContaining('found cr_04.csv: the name must match the extract id exactly'),
    })
  })

  it('refuses a folder that does not exist', async () => {
    await expect(createFilesSource('/nonexistent/tieout').has('CR_03')).rejects.toMatchObject({ code: 'TIEOUT_ERR_BAD_INPUT' })
  })
})

describe('files source: Jdash per company (methodology §11)', () => {
  it('combines JDASH_<company> files into one stream with ID_COMPANY from the file name', async () => {
    const folder = await folderWith({
      'JDASH_EC_NG.csv': 'Voucher Id,Amount Used\nV1,1\n',
      'JDASH_JD_GH.tsv': 'Amount Used\tVoucher Id\n2\tV2\n3\tV3\n',
    })
    const { stream, records } = await read(folder, 'JDASH')
    expect(stream.header).toEqual(['Voucher Id', 'Amount Used', 'ID_COMPANY'])
    expect(records).toEqual([
      ['V1', '1', 'EC_NG'],
      ['V2', '2', 'JD_GH'],
      ['V3', '3', 'JD_GH'],
    ])
    expect((stream.provenance as FilesProvenance).originals.map((file) => file.name)).toEqual(['JDASH_EC_NG.csv', 'JDASH_JD_GH.tsv'])
  })

  it('ingests per-company files with their aliases into canonical rows of each company', async () => {
    const folder = await folderWith({
      'JDASH_EC_NG.csv': 'voucher_id,Ordered Amount\nV1,"1,000.50"\n',
      'JDASH_JD_GH.csv': 'Ordered Amount,voucher_id\n2,V2\n',
    })
    const signal = new AbortController().signal
    const stream = await createFilesSource(folder).read({ extract: 'JDASH', params, signal })
    const outPath = join(await tempFolder(), 'JDASH.csv')
    const result = await ingestExtract({ def: JDASH, stream, outPath, signal })
    expect(result.quality).toEqual(expect.objectContaining({ file: 'JDASH_EC_NG.csv, JDASH_JD_GH.csv', passed: true, issues: [] }))
    const rows = []
    for await (const row of readExtractRows(JDASH, outPath, { companies: new Set(['JD_GH']) })) rows.push(row)
    expect(rows).toEqual([{ companyCode: 'JD_GH', voucherId: 'V2', amountUsed: 200 }])
  })

  it('refuses a per-company file that has its own company column', async () => {
    const folder = await folderWith({ 'JDASH_EC_NG.csv': 'ID_COMPANY,Voucher Id,Amount Used\nJD_GH,V1,1\n' })
    await expect(read(folder, 'JDASH')).rejects.toThrow(/JDASH_EC_NG\.csv: has its own "ID_COMPANY" column/)
  })

  it('refuses per-company files whose columns differ', async () => {
    const folder = await folderWith({ 'JDASH_EC_NG.csv': 'Voucher Id,Amount Used\nV1,1\n', 'JDASH_JD_GH.csv': 'Voucher Id,Amount\nV2,2\n' })
    await expect(read(folder, 'JDASH')).rejects.toThrow(
      'JDASH file JDASH_JD_GH.csv: columns differ from JDASH_EC_NG.csv (missing Amount Used; extra Amount)',
    )
  })

  it('refuses JDASH.csv next to per-company files', async () => {
    const folder = await folderWith({ 'JDASH.csv': 'a\n', 'JDASH_EC_NG.csv': 'a\n' })
    await expect(read(folder, 'JDASH')).rejects.toThrow('could each be the extract')
  })
})

describe('files source: XLSX (methodology §3)', () => {
  it('reads the first worksheet: numbers, text, dates, rich text and formula results', async () => {
    const workbook = await xlsx(
      [
        ['ID_COMPANY', 'id', 'created_at', 'remaining_amount', 'business_use'],
        ['EC_NG', 12345, new Date(Date.UTC(2025, 8, 30, 23, 59, 59)), 1234.5, 'refund'],
      ],
      (sheet) => {
        sheet.getCell('E2').value = { richText: [{ text: 'store_' }, { text: 'credit', font: { bold: true } }] }
        sheet.getCell('D2').value = { formula: 'SUM(1,2)', result: 3 }
        sheet.addRow([])
      },
    )
    const folder = await folderWith({ 'IPE_08.xlsx': workbook })
    const { stream, records } = await read(folder, 'IPE_08')
    expect(stream.header).toEqual(['ID_COMPANY', 'id', 'created_at', 'remaining_amount', 'business_use'])
    expect(records).toEqual([['EC_NG', 12345, new Date(Date.UTC(2025, 8, 30, 23, 59, 59)), 3, 'store_credit']])
  })

  it('reads a formula with a date format as its date', async () => {
    const workbook = await xlsx(
      [
        ['Voucher Id', 'usage_date'],
        ['V1', null],
      ],
      (sheet) => {
        sheet.getCell('B2').value = { formula: 'DATE(2025,9,30)', result: new Date(Date.UTC(2025, 8, 30)) }
        sheet.getCell('B2').numFmt = 'yyyy-mm-dd'
      },
    )
    const folder = await folderWith({ 'JDASH.xlsx': workbook })
    const { records } = await read(folder, 'JDASH')
    expect(records).toEqual([['V1', new Date(Date.UTC(2025, 8, 30))]])
  })

  it('pads short rows to the header width', async () => {
    const folder = await folderWith({
      'JDASH.xlsx': await xlsx([
        ['Voucher Id', 'Amount Used', 'status'],
        ['V1', 5],
      ]),
    })
    const { records } = await read(folder, 'JDASH')
    expect(records).toEqual([['V1', 5, null]])
  })

  it('refuses an Excel error value, naming the sheet row and column', async () => {
    const workbook = await xlsx(
      [
        ['Voucher Id', 'Amount Used'],
        ['V1', 5],
      ],
      (sheet) => {
        sheet.getCell('B2').value = { error: '#N/A' }
      },
    )
    const folder = await folderWith({ 'JDASH.xlsx': workbook })
    await expect(read(folder, 'JDASH')).rejects.toThrow('JDASH file JDASH.xlsx, sheet row 2, column B: the cell holds #N/A')
  })

  it('refuses a workbook over the size limit', async () => {
    const folder = await folderWith({ 'JDASH.xlsx': await xlsx([['Voucher Id'], ['V1']]) })
    await expect(read(folder, 'JDASH', { xlsx: { maxBytes: 100 } })).rejects.toThrow(/over the 100-byte limit/)
  })

  it('reads a workbook whose worksheet comes before xl/workbook.xml in the zip', async () => {
    const folder = await folderWith({ 'JDASH.xlsx': await worksheetsFirst(await xlsx([['Voucher Id'], ['V1'], ['V2']])) })
    const { records } = await read(folder, 'JDASH')
    expect(records).toEqual([['V1'], ['V2']])
  })

  it('stops reading past the row limit', async () => {
    const rows = [['Voucher Id'], ...Array.from({ length: 20 }, (_, index) => [`V${index}`])]
    const folder = await folderWith({ 'JDASH.xlsx': await xlsx(rows) })
    await expect(read(folder, 'JDASH', { xlsx: { maxRows: 10 } })).rejects.toThrow(/more than 10 rows in the worksheet/)
  })

  it('hashes the original workbook bytes', async () => {
    const workbook = await xlsx([['Voucher Id'], ['V1']])
    const folder = await folderWith({ 'JDASH.xlsx': workbook })
    const { stream } = await read(folder, 'JDASH')
    const original = await readFile(join(folder, 'JDASH.xlsx'))
    expect((stream.provenance as FilesProvenance).originals[0]?.sha256).toBe(createHash('sha256').update(original).digest('hex'))
  })
})
