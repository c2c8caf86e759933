import { afterEach, describe, expect, it, vi } from 'vitest'
import { ExcelOperationError } from '../../../addin/excel/excel-error.ts'
import { writeWorkbook } from '../../../addin/excel/write-workbook.ts'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import { makeRunResult } from '../../support/result-fixture.ts'
import { installFakeExcel, makeWorkbookRun } from './fake-host.ts'
import { largeBridges } from './large-model.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('writeWorkbook limits', () => {
  it('writes 100,000 × 12 Bridges rows in requests under 4 MB, at most one sync per 2 MB', async () => {
    const fake = installFakeExcel()
    const model = largeBridges(100_000)
    const report = await writeWorkbook(model, makeWorkbookRun())
    const { syncs, maxRequestBytes, totalRequestBytes } = fake.state
    console.info(
      `100k × 12 Bridges: ${syncs} syncs, ${totalRequestBytes} bytes sent, largest request ${maxRequestBytes} bytes, writer estimate ${report.bytes} bytes`,
    )
    expect(fake.state.requests.every((r) => r.failed === null)).toBe(true)
    expect(maxRequestBytes).toBeLessThan(4_000_000)
    expect(syncs).toBeLessThanOrEqual(Math.ceil(totalRequestBytes / 2_000_000))
    const sheet = fake.state.sheet('Bridges')
    expect(sheet?.read({ row: 3 + 100_000, column: 0, rows: 1, columns: 3 })).toEqual([['Timing difference', 'EC_NG', 'V-NG-0099999']])
    expect(sheet?.valueAt(4, 2)).toBe('V-NG-0000000')
  })

  it('halves the request and retries when Excel refuses one as too large', async () => {
    const fake = installFakeExcel()
    fake.state.payloadLimitBytes = 600_000
    await writeWorkbook(largeBridges(20_000), makeWorkbookRun())
    const refused = fake.state.requests.filter((r) => r.failed === 'RequestPayloadSizeLimitExceeded')
    expect(refused.length).toBeGreaterThan(0)
    expect(fake.state.sheet('Bridges')?.valueAt(3 + 20_000, 2)).toBe('V-NG-0019999')
  })

  it('names the failed operation and keeps the previous sheets when a write fails', async () => {
    const fake = installFakeExcel()
    const first = buildWorkbook(makeRunResult(), new Map())
    await writeWorkbook(first, makeWorkbookRun())
    fake.state.payloadLimitBytes = 8_000
    const failure = writeWorkbook(largeBridges(5_000), makeWorkbookRun({ runId: 'run-large' }))
    await expect(failure).rejects.toBeInstanceOf(ExcelOperationError)
    await expect(failure).rejects.toThrow(/Writing the result sheets \(.*Bridges values.*\) failed: .*RequestPayloadSizeLimitExceeded/)
    expect(fake.state.sheetNames()).toEqual(['Sheet1', 'Summary', 'Variance', 'Roll-forward', 'Bridges', 'Classification', 'Evidence'])
    expect(fake.state.sheet('Bridges')?.valueAt(0, 0)).toBe(first.sheets[3]?.preamble[0])
  })
})
