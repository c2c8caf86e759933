import { FakeRequestContext } from './context.ts'
import { WorkbookState } from './workbook-state.ts'

export { FakeExcelError } from './errors.ts'
export { columnLetters, formatAddress, parseAddress } from './geometry.ts'
export { userEdit, userUnprotect } from './user.ts'
export { WorkbookState } from './workbook-state.ts'
export type { SheetState } from './sheet-state.ts'

export type FakeExcel = {
  readonly state: WorkbookState
  /** Stands in for the `Excel` namespace: only `run` is used by the add-in. */
  readonly Excel: { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> }
}

/**
 * A strict in-memory Excel host. `Excel.run` hands the batch a fresh request context and, as
 * office.js does, syncs whatever the batch left queued when it returns.
 */
export function createFakeExcel(state: WorkbookState = new WorkbookState()): FakeExcel {
  async function run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    const context = new FakeRequestContext(state)
    const result = await batch(context as unknown as Excel.RequestContext)
    await context.sync()
    return result
  }
  return { state, Excel: { run } }
}
