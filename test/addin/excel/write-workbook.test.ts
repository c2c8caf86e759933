import { afterEach, describe, expect, it } from 'vitest'
import { vi } from 'vitest'
import { REVIEW_STATUSES } from '../../../shared/result/types.ts'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import { NUMBER_FORMATS } from '../../../shared/sheets/model.ts'
import { layoutOf } from '../../../addin/excel/layout.ts'
import { RUN_NAMESPACE, RUN_SETTING } from '../../../addin/excel/metadata.ts'
import { PROTECTION } from '../../../addin/excel/sheet-style.ts'
import { writeWorkbook } from '../../../addin/excel/write-workbook.ts'
import { WorkbookConflictError } from '../../../addin/excel/excel-error.ts'
import { parseAddress, userEdit } from '../../support/fake-excel/index.ts'
import { makeBridgeLine, makeBridgeResult, makeReview, makeRunResult } from '../../support/result-fixture.ts'
import { installFakeExcel, makeWorkbookRun } from './fake-host.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

/** The demo result plus lines whose text Excel would otherwise turn into numbers or formulas. */
function trickyModel(reviews = new Map()) {
  const lines = [
    makeBridgeLine({ businessKey: '00123', amountLcy: '1500000.00', description: '=HYPERLINK("http://evil","click")' }),
    makeBridgeLine({ businessKey: '2025-09-30', amountLcy: '900000.00', description: '-5 refund booked twice' }),
    makeBridgeLine({ businessKey: 'V-NG-0003', amountLcy: '800000.00', description: '+234 phone in description' }),
    makeBridgeLine({ businessKey: 'V-NG-0004', amountLcy: '700000.00', description: '@SUM(A1)' }),
  ]
  const result = makeRunResult({ bridges: [makeBridgeResult({ lines })] })
  return buildWorkbook(result, reviews)
}

function cellOf(fake: ReturnType<typeof installFakeExcel>, sheetName: string, address: string) {
  const sheet = fake.state.sheet(sheetName)
  if (!sheet) throw new Error(`no sheet ${sheetName}`)
  const { row, column } = parseAddress(address)
  return {
    value: sheet.valueAt(row, column),
    format: sheet.formatAt(row, column),
    formula: sheet.formulaAt(row, column),
    locked: sheet.isLocked(row, column),
  }
}

function gridRow(model: ReturnType<typeof trickyModel>, sheetName: string, key: string): number {
  const sheet = model.sheets.find((s) => s.name === sheetName)
  if (!sheet) throw new Error(sheetName)
  return layoutOf(sheet).firstDataRow + sheet.rows.findIndex((row) => row.key === key) + 1
}

describe('writeWorkbook', () => {
  it('writes every sheet of the model after the sheets already there, Summary active', async () => {
    const fake = installFakeExcel(['Notes'])
    const model = trickyModel()
    await writeWorkbook(model, makeWorkbookRun())
    expect(fake.state.sheetNames()).toEqual(['Notes', 'Summary', 'Variance', 'Roll-forward', 'Bridges', 'Classification', 'Evidence'])
    expect(fake.state.activeSheet).toBe('Summary')
  })

  it('writes preamble, header and rows where the layout says, money as numbers', async () => {
    const fake = installFakeExcel()
    const model = trickyModel()
    await writeWorkbook(model, makeWorkbookRun())
    const variance = model.sheets[1]
    if (!variance) throw new Error('no variance')
    const layout = layoutOf(variance)
    const sheet = fake.state.sheet('Variance')
    expect(sheet?.valueAt(0, 0)).toBe(variance.preamble[0])
    expect(sheet?.read({ row: layout.headerRow, column: 0, rows: 1, columns: 3 })).toEqual([['Entity', 'Account group', 'Actuals LCY']])
    const first = sheet?.read({ row: layout.firstDataRow, column: 0, rows: 1, columns: 8 })[0]
    expect(first?.slice(0, 2)).toEqual(['EC_NG', 'Collection accounts (GL 13001, 13002; TV IPE_31)'])
    expect(first?.[2]).toBe(125_430_000)
  })

  it('writes the totals as formulas that name the final sheets, and sets up every sheet for print', async () => {
    const fake = installFakeExcel()
    const model = trickyModel()
    await writeWorkbook(model, makeWorkbookRun())
    const variance = fake.state.sheet('Variance')
    const row = gridRow(model, 'Variance', 'tieout|EC_NG|voucher-liability')
    // Explained refers to the Bridges totals; the reference follows the sheet's rename, as in Excel.
    expect(variance?.formulaAt(row - 1, 5)).toMatch(/^=-?Bridges!F\d+/)
    expect(variance?.formulaAt(row - 1, 6)).toBe(`=E${row}-F${row}`)
    const bridges = fake.state.sheet('Bridges')
    const total = model.sheets[3]?.rows.findIndex((r) => r.style === 'total') ?? -1
    expect(bridges?.formulaAt(layoutOf(model.sheets[3]!).firstDataRow + total, 5)).toMatch(/^=SUBTOTAL\(9,F\d+:F\d+\)$/)
    for (const name of ['Summary', 'Variance', 'Bridges']) {
      const page = fake.state.sheet(name)?.pageLayout
      expect(page).toMatchObject({ orientation: 'Landscape', paperSize: 'A4' })
      expect(page?.headers).toMatchObject({ centerHeader: '&BC-PG-1 2025-09', leftFooter: '&A', rightFooter: 'Page &P of &N' })
      expect(page?.printTitleRows).toMatch(/^\$\d+:\$\d+$/)
    }
    expect(fake.state.sheet('Summary')?.pageLayout.zoom).toEqual({ horizontalFitToPages: 1 })
  })

  it('keeps id columns as text: the text format is set before the values', async () => {
    const fake = installFakeExcel()
    const model = trickyModel()
    await writeWorkbook(model, makeWorkbookRun())
    const row = gridRow(model, 'Bridges', 'timing|EC_NG|00123')
    expect(cellOf(fake, 'Bridges', `D${row}`)).toMatchObject({ value: '00123', format: '@' })
    const dateLike = gridRow(model, 'Bridges', 'timing|EC_NG|2025-09-30')
    expect(cellOf(fake, 'Bridges', `D${dateLike}`).value).toBe('2025-09-30')
  })

  it('neutralises text starting with =, +, - or @ so Excel never reads it as a formula', async () => {
    const fake = installFakeExcel()
    const model = trickyModel()
    await writeWorkbook(model, makeWorkbookRun())
    const keys = ['00123', '2025-09-30', 'V-NG-0003', 'V-NG-0004'].map((k) => `timing|EC_NG|${k}`)
    const descriptions = keys.map((key) => cellOf(fake, 'Bridges', `E${gridRow(model, 'Bridges', key)}`))
    expect(descriptions.map((d) => d.value)).toEqual([
      '=HYPERLINK("http://evil","click")',
      '-5 refund booked twice',
      '+234 phone in description',
      '@SUM(A1)',
    ])
    expect(descriptions.every((d) => d.formula === null)).toBe(true)
  })

  it('sets one number format per column from the model', async () => {
    const fake = installFakeExcel()
    const model = trickyModel()
    await writeWorkbook(model, makeWorkbookRun())
    const row = gridRow(model, 'Bridges', 'timing|EC_NG|V-NG-0003')
    expect(cellOf(fake, 'Bridges', `F${row}`).format).toBe(NUMBER_FORMATS.money)
    expect(cellOf(fake, 'Bridges', `N${row}`).format).toBe(NUMBER_FORMATS.id)
  })

  it('protects result sheets, leaving only the review cells of reviewable rows unlocked', async () => {
    const fake = installFakeExcel()
    const model = trickyModel()
    await writeWorkbook(model, makeWorkbookRun())
    const bridges = fake.state.sheet('Bridges')
    expect(bridges?.protection).toEqual({ protected: true, options: PROTECTION })
    const row = gridRow(model, 'Bridges', 'timing|EC_NG|V-NG-0003')
    expect(['J', 'K'].map((c) => cellOf(fake, 'Bridges', `${c}${row}`).locked)).toEqual([false, false])
    expect(['F', 'L', 'N'].map((c) => cellOf(fake, 'Bridges', `${c}${row}`).locked)).toEqual([true, true, true])
    expect(() => userEdit(fake.state, 'Bridges', `F${row}`, 1)).toThrow(/protected/)
    userEdit(fake.state, 'Bridges', `K${row}`, 'Booked in October')
    expect(cellOf(fake, 'Bridges', `K${row}`).value).toBe('Booked in October')
  })

  it('gives the review status a dropdown of the review statuses that refuses other text', async () => {
    const fake = installFakeExcel()
    const model = trickyModel()
    await writeWorkbook(model, makeWorkbookRun())
    const row = gridRow(model, 'Bridges', 'timing|EC_NG|V-NG-0003')
    const validation = fake.state.sheet('Bridges')?.validationAt(row - 1, parseAddress('J1').column)
    expect(validation?.rule).toEqual({ list: { inCellDropDown: true, source: REVIEW_STATUSES.join(',') } })
    expect(() => userEdit(fake.state, 'Bridges', `J${row}`, 'Done')).toThrow(/validation/)
    userEdit(fake.state, 'Bridges', `J${row}`, 'Explained')
  })

  it('hides the key column, freezes the header and filters the table', async () => {
    const fake = installFakeExcel()
    const model = trickyModel()
    await writeWorkbook(model, makeWorkbookRun())
    const bridgesModel = model.sheets.find((s) => s.name === 'Bridges')
    if (!bridgesModel) throw new Error('no bridges')
    const layout = layoutOf(bridgesModel)
    const sheet = fake.state.sheet('Bridges')
    expect([...(sheet?.hiddenColumns ?? [])]).toEqual([layout.keyColumn])
    expect(sheet?.frozenRows).toBe(layout.firstDataRow)
    expect(sheet?.autoFilter).toEqual({ row: layout.headerRow, column: 0, rows: layout.dataRows + 1, columns: layout.columnCount })
  })

  it('stores the run id and period in the settings and in a custom XML part', async () => {
    const fake = installFakeExcel()
    const run = makeWorkbookRun()
    await writeWorkbook(trickyModel(), run)
    expect(fake.state.settings.get(RUN_SETTING)).toEqual(run)
    expect(fake.state.customXmlParts).toHaveLength(1)
    expect(fake.state.customXmlParts[0]).toMatchObject({ namespaceUri: RUN_NAMESPACE })
    expect(fake.state.customXmlParts[0]?.xml).toContain('runId="run-2025-09-0001" period="2025-09"')
  })

  it('replaces the result sheets on a re-run, showing the reviews the server returns', async () => {
    const fake = installFakeExcel(['Notes'])
    await writeWorkbook(trickyModel(), makeWorkbookRun())
    const review = makeReview({ lineKey: 'timing|EC_NG|V-NG-0003', comment: 'Delivered 1 Oct' })
    const model = trickyModel(new Map([[review.lineKey, review]]))
    await writeWorkbook(model, makeWorkbookRun({ runId: 'run-2025-09-0002' }))
    expect(fake.state.sheetNames()).toEqual(['Notes', 'Summary', 'Variance', 'Roll-forward', 'Bridges', 'Classification', 'Evidence'])
    const row = gridRow(model, 'Bridges', review.lineKey)
    expect([cellOf(fake, 'Bridges', `J${row}`).value, cellOf(fake, 'Bridges', `K${row}`).value]).toEqual(['Explained', 'Delivered 1 Oct'])
    expect(fake.state.customXmlParts).toHaveLength(1)
    expect(fake.state.customXmlParts[0]?.xml).toContain('run-2025-09-0002')
  })

  it('refuses to overwrite a Summary sheet Tieout did not write, and leaves no sheet behind', async () => {
    const fake = installFakeExcel(['Summary'])
    await expect(writeWorkbook(trickyModel(), makeWorkbookRun())).rejects.toBeInstanceOf(WorkbookConflictError)
    expect(fake.state.sheetNames()).toEqual(['Summary'])
    expect(fake.state.settings.size).toBe(0)
  })

  it('suspends calculation in every request and keeps each under the payload limit', async () => {
    const fake = installFakeExcel()
    await writeWorkbook(trickyModel(), makeWorkbookRun())
    expect(fake.state.requests.every((r) => r.calculationSuspended && r.failed === null)).toBe(true)
    expect(fake.state.maxRequestBytes).toBeLessThan(4_000_000)
  })
})
