import type { Page } from 'playwright-core'

/** What the E2E reads from `window.__fakeWorkbook`: a sheet's grid as values, by 1-based row. */
export type SheetDump = { readonly names: readonly string[]; readonly rows: readonly (readonly (string | number | boolean)[])[] }

export async function dumpSheet(page: Page, sheet: string): Promise<SheetDump> {
  return page.evaluate((name) => {
    type Scalar = string | number | boolean
    type State = { sheetNames(): string[]; sheet(n: string): { rowCount: number; read(r: object): Scalar[][] } | undefined }
    const state = (window as unknown as { __fakeWorkbook: State }).__fakeWorkbook
    const target = state.sheet(name)
    const rows = target ? target.read({ row: 0, column: 0, rows: Math.max(1, target.rowCount), columns: 20 }) : []
    return { names: state.sheetNames(), rows }
  }, sheet)
}

/** Types into a cell as a user would (protection and validation apply). */
export async function typeInto(page: Page, sheet: string, address: string, value: string): Promise<void> {
  await page.evaluate(
    ([s, a, v]) => {
      const excel = (window as unknown as { __fakeExcel: { userEdit(sheet: string, address: string, value: string): void } }).__fakeExcel
      excel.userEdit(s as string, a as string, v as string)
    },
    [sheet, address, value],
  )
}

/** The 0-based index of the header row (the row whose first cell is `firstHeader`). */
export function headerIndex(dump: SheetDump, firstHeader: string): number {
  const index = dump.rows.findIndex((row) => row[0] === firstHeader)
  if (index < 0) throw new Error(`no header "${firstHeader}"`)
  return index
}
