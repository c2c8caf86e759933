import { vi } from 'vitest'
import { createFakeExcel, type FakeExcel, WorkbookState } from '../../support/fake-excel/index.ts'
import type { WorkbookRun } from '../../../addin/excel/metadata.ts'

/** A fresh fake Excel installed as the global `Excel` the add-in's Excel code calls. */
export function installFakeExcel(initialSheets: readonly string[] = ['Sheet1']): FakeExcel {
  const fake = createFakeExcel(new WorkbookState(initialSheets))
  vi.stubGlobal('Excel', fake.Excel)
  return fake
}

export function makeWorkbookRun(o: Partial<WorkbookRun> = {}): WorkbookRun {
  return {
    runId: 'run-2025-09-0001',
    period: '2025-09',
    entities: ['EC_NG', 'JD_GH'],
    serverUrl: 'https://localhost:8750',
    writtenAt: '2025-10-06T09:00:00.000Z',
    reviewsAsOf: '',
    ...o,
  }
}
