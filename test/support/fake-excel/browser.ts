import { createFakeExcel } from './index.ts'
import { userEdit, userUnprotect, type EditKind } from './user.ts'
import type { Scalar } from './cell-entry.ts'

/**
 * Stands in for office.js in the browser (E2E): defines `Office` (onReady resolves at once, as
 * inside Excel) and `Excel`, and exposes the workbook to Playwright as `window.__fakeWorkbook`.
 */
const fake = createFakeExcel()

const office = {
  onReady: (callback?: (info: { host: string; platform: string }) => void) => {
    const info = { host: 'Excel', platform: 'OfficeOnline' }
    callback?.(info)
    return Promise.resolve(info)
  },
  HostType: { Excel: 'Excel' },
  context: { requirements: { isSetSupported: (name: string, version = '1.1') => name === 'ExcelApi' && minorVersion(version) <= 12 } },
}

/** "1.12" → 12: requirement-set versions compare by their minor number, not as decimals. */
function minorVersion(version: string): number {
  return Number(version.split('.')[1] ?? '0')
}

const globals = globalThis as unknown as Record<string, unknown>
globals.Office = office
globals.Excel = fake.Excel
globals.__fakeWorkbook = fake.state
globals.__fakeExcel = {
  userEdit: (sheet: string, address: string, value: Scalar, kind?: EditKind) => userEdit(fake.state, sheet, address, value, kind),
  userUnprotect: (sheet: string) => userUnprotect(fake.state, sheet),
}
