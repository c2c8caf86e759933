import { describe, expect, it } from 'vitest'
import { createFakeExcel, userEdit, WorkbookState } from '../../support/fake-excel/index.ts'

function fake() {
  return createFakeExcel(new WorkbookState(['Sheet1']))
}

describe('fake Excel host', () => {
  it('queues writes until sync', async () => {
    const { state, Excel } = fake()
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['queued']]
      expect(state.sheet('Sheet1')?.valueAt(0, 0)).toBe('')
      await context.sync()
      expect(state.sheet('Sheet1')?.valueAt(0, 0)).toBe('queued')
    })
  })

  it('throws PropertyNotLoaded for a property read before load and sync', async () => {
    const { Excel } = fake()
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2')
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }))
      range.load('values')
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }))
      await context.sync()
      expect(range.values).toEqual([
        ['', ''],
        ['', ''],
      ])
    })
  })

  it('refuses values that do not match the range, keeping the commands before them', async () => {
    const { state, Excel } = fake()
    const run = Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1')
      sheet.getRange('A1').values = [['kept']]
      sheet.getRange('A2:B2').values = [['one']]
      await context.sync()
    })
    await expect(run).rejects.toMatchObject({ code: 'InvalidArgument' })
    expect(state.sheet('Sheet1')?.valueAt(0, 0)).toBe('kept')
  })

  it('refuses a request over 5 MB whole, and counts syncs and bytes', async () => {
    const { state, Excel } = fake()
    const big = Array.from({ length: 60_000 }, (_, i) => [`row ${i} ${'x'.repeat(80)}`])
    const run = Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRangeByIndexes(0, 0, big.length, 1).values = big
      await context.sync()
    })
    await expect(run).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' })
    expect(state.sheet('Sheet1')?.rowCount).toBe(0)
    expect(state.requests).toEqual([expect.objectContaining({ failed: 'RequestPayloadSizeLimitExceeded' })])
    expect(state.requests[0]?.bytes).toBeGreaterThan(5 * 1024 * 1024)
  })

  it('enters values as Excel does: numbers from text, formulas from =, text kept under @ or a quote', async () => {
    const { state, Excel } = fake()
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1')
      sheet.getRange('B1').numberFormat = [['@']]
      sheet.getRange('A1:D1').values = [['00123', '00123', '=1+1', "'=1+1"]]
    })
    const sheet = state.sheet('Sheet1')
    expect(sheet?.read({ row: 0, column: 0, rows: 1, columns: 4 })).toEqual([[123, '00123', '#NAME?', '=1+1']])
    expect(sheet?.formulaAt(0, 2)).toBe('=1+1')
  })

  it('refuses writes to locked cells of a protected sheet, from the API and from a user', async () => {
    const { state, Excel } = fake()
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1')
      sheet.getRange('B1').format.protection.locked = false
      sheet.protection.protect({ allowAutoFilter: true })
    })
    const write = Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['no']]
    })
    await expect(write).rejects.toMatchObject({ code: 'AccessDenied' })
    expect(() => userEdit(state, 'Sheet1', 'A1', 'no')).toThrow(/protected/)
    userEdit(state, 'Sheet1', 'B1', 'yes')
    expect(state.sheet('Sheet1')?.valueAt(0, 1)).toBe('yes')
  })

  it('reports a missing sheet as ItemNotFound at sync, and a null object without failing', async () => {
    const { Excel } = fake()
    await Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('Nope')
      await context.sync()
      expect(missing.isNullObject).toBe(true)
    })
    await expect(
      Excel.run(async (context) => void context.workbook.worksheets.getItem('Nope').getRange('A1').load('values')),
    ).rejects.toMatchObject({ code: 'ItemNotFound' })
  })
})
