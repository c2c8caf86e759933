import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeWorkbookXlsx } from '../../../server/export/xlsx.ts'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import { NUMBER_FORMATS, REVIEW_STATUSES } from '../../../shared/sheets/model.ts'
import { makeBridgeLine, makeBridgeResult, makeReview, makeRunResult } from '../../support/result-fixture.ts'
import { partText } from './unzip.ts'

let dir: string
let file: string
let book: ExcelJS.Workbook

const FORMULA_LIKE = '=SUM(A1)'

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tieout-xlsx-'))
  file = join(dir, 'run.xlsx')
  const base = makeRunResult()
  const [timing, ...others] = base.bridges
  const odd = makeBridgeLine({ businessKey: 'V-NG-0777', amountLcy: '-1500.00', description: FORMULA_LIKE })
  const bridges = [makeBridgeResult({ ...timing, lines: [...(timing?.lines ?? []), odd] }), ...others]
  const review = makeReview({ lineKey: 'timing|EC_NG|V-NG-0001', status: 'Accepted', comment: '+ booked in October' })
  const model = buildWorkbook(makeRunResult({ bridges }), new Map([[review.lineKey, review]]))
  await writeWorkbookXlsx(model, file)
  book = new ExcelJS.Workbook()
  await book.xlsx.readFile(file)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function sheet(name: string): ExcelJS.Worksheet {
  const found = book.getWorksheet(name)
  if (found === undefined) throw new Error(`no sheet ${name}`)
  return found
}

/** Header row number and column numbers by header text. */
function table(ws: ExcelJS.Worksheet): { header: number; col: (name: string) => number } {
  let header = 0
  ws.eachRow((row, number) => {
    if (header === 0 && row.getCell(1).value === (ws.name === 'Evidence' ? 'Section' : ws.name === 'Bridges' ? 'Bridge' : 'Entity'))
      header = number
  })
  const names = new Map<string, number>()
  ws.getRow(header).eachCell((cell, number) => names.set(String(cell.value), number))
  return { header, col: (name) => names.get(name) ?? Number.NaN }
}

function rowByKey(ws: ExcelJS.Worksheet, key: string): ExcelJS.Row {
  const { col } = table(ws)
  let found: ExcelJS.Row | undefined
  ws.eachRow((row) => {
    if (row.getCell(col('Key')).value === key) found = row
  })
  if (found === undefined) throw new Error(`no row ${key}`)
  return found
}

describe('writeWorkbookXlsx', () => {
  it('writes the six sheets in order', () => {
    expect(book.worksheets.map((ws) => ws.name)).toEqual(['Summary', 'Variance', 'Roll-forward', 'Bridges', 'Classification', 'Evidence'])
  })

  it('puts the bold title above the table and NOT SIGNED OFF in bold red in the sign-off block', () => {
    const ws = sheet('Summary')
    const title = ws.getCell('A1')
    expect(title.value).toBe('C-PG-1 reconciliation workpaper')
    expect(title.font?.bold).toBe(true)
    let alert: ExcelJS.Cell | undefined
    ws.eachRow((row) => {
      if (row.getCell(1).value === 'Signed off: NOT SIGNED OFF') alert = row.getCell(1)
    })
    expect(alert?.font).toMatchObject({ bold: true, color: { argb: 'FFC00000' } })
  })

  it('writes money as numbers with thousands separators and red negatives; totals as formulas with their cached value', () => {
    const ws = sheet('Variance')
    const { col } = table(ws)
    const cell = rowByKey(ws, 'tieout|EC_NG|customer-ar').getCell(col('Variance LCY'))
    expect(cell.value).toMatchObject({ formula: expect.stringMatching(/^C\d+-D\d+$/), result: 3150300.5 })
    expect(cell.numFmt).toBe(NUMBER_FORMATS.money)
    expect(cell.protection?.locked).not.toBe(false)
  })

  it('prints landscape with the header row repeated, scope, period and run in the header, page x of y in the footer', () => {
    for (const ws of book.worksheets) {
      const { header } = table(ws)
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', printTitlesRow: `${header}:${header}` })
      expect(ws.headerFooter.oddHeader).toBe('&LEntities: EC_NG, JD_GH&C&BC-PG-1 2025-09&RRun run-2025-09-0001')
      expect(ws.headerFooter.oddFooter).toBe('&L&A&RPage &P of &N')
    }
    expect(sheet('Summary').pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 })
  })

  it('leaves unknown USD figures empty', () => {
    const ws = sheet('Variance')
    const { col } = table(ws)
    const row = rowByKey(ws, 'tieout|JD_GH|customer-ar')
    expect(row.getCell(col('Unexplained USD')).value).toBeNull()
    expect(row.getCell(col('Status')).value).toBe('FX_MISSING')
  })

  it('writes ids as text', () => {
    const ws = sheet('Evidence')
    const { col } = table(ws)
    let entry: ExcelJS.Cell | undefined
    ws.eachRow((row) => {
      if (row.getCell(col('Item')).value === '884211') entry = row.getCell(col('Item'))
    })
    expect(entry?.numFmt).toBe('@')
  })

  it('writes ISO dates as real dates', () => {
    const ws = sheet('Evidence')
    const { col } = table(ws)
    let closing: ExcelJS.Cell | undefined
    ws.eachRow((row) => {
      if (row.getCell(col('Item')).value === 'closingDate') closing = row.getCell(col('Date'))
    })
    expect(closing?.value).toEqual(new Date(Date.UTC(2025, 8, 30)))
    expect(closing?.numFmt).toBe(NUMBER_FORMATS.date)
  })

  it('freezes the panes below the header and filters the table', () => {
    const ws = sheet('Bridges')
    const { header } = table(ws)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header })
    expect(String(ws.autoFilter)).toMatch(new RegExp(`^A${header}:N\\d+$`))
  })

  it('sets column widths and hides the key column', () => {
    const ws = sheet('Bridges')
    const { col } = table(ws)
    expect(ws.getColumn(col('Description')).width).toBe(44)
    expect(rowByKey(ws, 'timing|EC_NG|V-NG-0001').getCell(col('Description')).alignment).toMatchObject({ wrapText: true })
    expect(ws.getColumn(col('Key')).hidden).toBe(true)
  })

  it('offers the review statuses as a dropdown on the review status cells', () => {
    const ws = sheet('Bridges')
    const { col } = table(ws)
    const cell = rowByKey(ws, 'timing|EC_NG|V-NG-0002').getCell(col('Review status'))
    expect(cell.value).toBe('Open')
    expect(cell.dataValidation).toMatchObject({ type: 'list', formulae: [`"${REVIEW_STATUSES.join(',')}"`] })
  })

  it('carries a stored review into its line', () => {
    const ws = sheet('Bridges')
    const { col } = table(ws)
    const row = rowByKey(ws, 'timing|EC_NG|V-NG-0001')
    expect(row.getCell(col('Review status')).value).toBe('Accepted')
    expect(row.getCell(col('Comment')).value).toBe('+ booked in October')
    expect(row.getCell(col('Reviewed at (UTC)')).value).toEqual(new Date(Date.UTC(2025, 9, 6, 9, 15, 0)))
  })

  it('protects result sheets and leaves only the review cells of lines editable', () => {
    const ws = sheet('Bridges')
    const { col } = table(ws)
    const row = rowByKey(ws, 'timing|EC_NG|V-NG-0002')
    expect((ws as ExcelJS.Worksheet & { sheetProtection?: unknown }).sheetProtection).toMatchObject({
      sheet: true,
      autoFilter: true,
      sort: true,
    })
    expect(row.getCell(col('Review status')).protection?.locked).toBe(false)
    expect(row.getCell(col('Comment')).protection?.locked).toBe(false)
    expect(row.getCell(col('Amount LCY')).protection?.locked).not.toBe(false)
    expect(row.getCell(col('Reviewer')).protection?.locked).not.toBe(false)
  })

  it('reads a formula-like description back as the original text, never a formula', () => {
    const ws = sheet('Bridges')
    const { col } = table(ws)
    const cell = rowByKey(ws, 'timing|EC_NG|V-NG-0777').getCell(col('Description'))
    expect(cell.value).toBe(FORMULA_LIKE)
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(cell.formula).toBeUndefined()
  })

  it('gives formula-like text the quotePrefix style, so editing it keeps it text', async () => {
    const ws = sheet('Bridges')
    const { col } = table(ws)
    const address = rowByKey(ws, 'timing|EC_NG|V-NG-0777').getCell(col('Description')).address
    const sheetXml = await partText(file, 'xl/worksheets/sheet4.xml')
    const styleId = Number(new RegExp(`<c r="${address}" s="(\\d+)"`).exec(sheetXml)?.[1])
    const styles = await partText(file, 'xl/styles.xml')
    const cellXfs = /<cellXfs[^>]*>(.*)<\/cellXfs>/s.exec(styles)?.[1] ?? ''
    const xf = cellXfs.match(/<xf [^>]*>/g)?.[styleId]
    expect(xf).toContain('quotePrefix="1"')
  })

  it('bolds total rows and fills INVESTIGATE rows light red', () => {
    const ws = sheet('Variance')
    const { col } = table(ws)
    const investigate = rowByKey(ws, 'tieout|EC_NG|customer-ar').getCell(col('Entity'))
    expect(investigate.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } })
    const bridges = sheet('Bridges')
    const t = table(bridges)
    let total: ExcelJS.Cell | undefined
    bridges.eachRow((row) => {
      if (String(row.getCell(t.col('Bridge')).value).startsWith('Total ')) total ??= row.getCell(t.col('Entity'))
    })
    expect(total?.font?.bold).toBe(true)
  })

  it('names the workbook, its creator and the run in the document properties', async () => {
    expect(book.creator).toBe('Tieout')
    expect(book.title).toBe('C-PG-1 reconciliation 2025-09')
    const custom = await partText(file, 'docProps/custom.xml')
    expect(custom).toContain('name="Tieout run id"><vt:lpwstr>run-2025-09-0001</vt:lpwstr>')
    expect(await partText(file, '[Content_Types].xml')).toContain('PartName="/docProps/custom.xml"')
    expect(await partText(file, '_rels/.rels')).toContain('Target="docProps/custom.xml"')
  })

  it('fails with a coded error naming the path when the file cannot be written', async () => {
    const model = buildWorkbook(makeRunResult(), new Map())
    const missing = join(dir, 'no-such-folder', 'run.xlsx')
    await expect(writeWorkbookXlsx(model, missing)).rejects.toMatchObject({
      code: 'TIEOUT_ERR_INTERNAL',
      message: expect.stringContaining(missing),
    })
  })

  it('writes a sheet without rows as its header alone', async () => {
    const model = buildWorkbook(makeRunResult({ bridges: [] }), new Map())
    const empty = join(dir, 'empty.xlsx')
    await writeWorkbookXlsx(model, empty)
    const read = new ExcelJS.Workbook()
    await read.xlsx.readFile(empty)
    const ws = read.getWorksheet('Bridges')
    expect(ws?.getRow(6).getCell(1).value).toBe('Bridge')
    expect(ws?.actualRowCount).toBe(5)
  })
})
