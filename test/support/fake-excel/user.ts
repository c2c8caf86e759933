import { enterValue, type Scalar } from './cell-entry.ts'
import { FakeExcelError } from './errors.ts'
import { formatAddress, parseAddress } from './geometry.ts'
import type { WorkbookState } from './workbook-state.ts'

export type EditKind = 'type' | 'paste'

/**
 * A person editing the workbook in Excel's grid: locked cells of a protected sheet refuse, a
 * typed value must pass the cell's list validation, a paste bypasses validation (as in Excel).
 */
export function userEdit(state: WorkbookState, sheetName: string, address: string, input: Scalar, kind: EditKind = 'type'): void {
  const sheet = state.sheet(sheetName)
  if (!sheet) throw new FakeExcelError('ItemNotFound', `There is no sheet ${sheetName}.`, 'user edit')
  const rect = parseAddress(address)
  for (let r = rect.row; r < rect.row + rect.rows; r++) {
    for (let c = rect.column; c < rect.column + rect.columns; c++) {
      const where = formatAddress(sheet.name, { row: r, column: c, rows: 1, columns: 1 })
      if (sheet.protection.protected && sheet.isLocked(r, c)) {
        throw new FakeExcelError('AccessDenied', `The cell ${where} is on a protected sheet.`, 'user edit')
      }
      const list = sheet.validationAt(r, c)?.rule.list
      if (kind === 'type' && list && input !== '' && !listAllows(list.source, input)) {
        throw new FakeExcelError('InvalidArgument', `${String(input)} does not match the data validation of ${where}.`, 'user edit')
      }
      sheet.store(r, c, enterValue(input, sheet.formatAt(r, c)))
    }
  }
}

function listAllows(source: string | unknown, input: Scalar): boolean {
  if (typeof source !== 'string') return true
  const wanted = String(input).trim().toLowerCase()
  return source.split(',').some((choice) => choice.trim().toLowerCase() === wanted)
}

/** Unprotects a sheet as a person with the (empty) password would. */
export function userUnprotect(state: WorkbookState, sheetName: string): void {
  const sheet = state.sheet(sheetName)
  if (!sheet) throw new FakeExcelError('ItemNotFound', `There is no sheet ${sheetName}.`, 'user unprotect')
  sheet.protection = { protected: false, options: {} }
}
