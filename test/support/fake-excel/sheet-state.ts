import type { Entry, Scalar } from './cell-entry.ts'
import { contains, type Rect } from './geometry.ts'

export type CellStyle = {
  bold?: boolean
  italic?: boolean
  color?: string
  size?: number
  fill?: string
  wrapText?: boolean
  horizontalAlignment?: string
  verticalAlignment?: string
}

/** What the page layout was set to (ExcelApi 1.9), as a printout would use it. */
export type PageLayoutState = {
  orientation?: string
  paperSize?: string
  margins: Partial<Record<'left' | 'right' | 'top' | 'bottom', number>>
  printTitleRows?: string
  printTitleColumns?: string
  zoom?: Excel.PageLayoutZoomOptions
  headers: Partial<Record<'leftHeader' | 'centerHeader' | 'rightHeader' | 'leftFooter' | 'centerFooter' | 'rightFooter', string>>
}

export type ValidationRecord = { readonly rect: Rect; rule: Excel.DataValidationRule; errorAlert: Excel.DataValidationErrorAlert | null }

export type ProtectionState = { protected: boolean; options: Excel.WorksheetProtectionOptions }

export const GENERAL = 'General'

let nextSheetId = 1

/** One worksheet's content, sparse by rows: only what was written is stored. */
export class SheetState {
  readonly id = `{sheet-${nextSheetId++}}`
  name: string
  deleted = false
  readonly values: (Scalar | undefined)[][] = []
  readonly formats: (string | undefined)[][] = []
  readonly formulas = new Map<string, string>()
  readonly unlocked: Rect[] = []
  readonly validations: ValidationRecord[] = []
  readonly styles: { readonly rect: Rect; readonly style: CellStyle }[] = []
  readonly columnWidths = new Map<number, number>()
  readonly hiddenColumns = new Set<number>()
  frozenRows = 0
  autoFilter: Rect | null = null
  readonly pageLayout: PageLayoutState = { margins: {}, headers: {} }
  protection: ProtectionState = { protected: false, options: {} }

  constructor(name: string) {
    this.name = name
  }

  valueAt(row: number, column: number): Scalar {
    return this.values[row]?.[column] ?? ''
  }

  formatAt(row: number, column: number): string {
    return this.formats[row]?.[column] ?? GENERAL
  }

  formulaAt(row: number, column: number): string | null {
    return this.formulas.get(`${row},${column}`) ?? null
  }

  store(row: number, column: number, entry: Entry): void {
    const cells = (this.values[row] ??= [])
    cells[column] = entry.value
    const key = `${row},${column}`
    if (entry.formula === null) this.formulas.delete(key)
    else this.formulas.set(key, entry.formula)
  }

  setFormat(row: number, column: number, format: string): void {
    ;(this.formats[row] ??= [])[column] = format
  }

  isLocked(row: number, column: number): boolean {
    return !this.unlocked.some((rect) => contains(rect, row, column))
  }

  validationAt(row: number, column: number): ValidationRecord | null {
    for (let i = this.validations.length - 1; i >= 0; i--) {
      const record = this.validations[i]
      if (record && contains(record.rect, row, column)) return record
    }
    return null
  }

  styleAt(row: number, column: number): CellStyle {
    const merged: CellStyle = {}
    for (const { rect, style } of this.styles) if (contains(rect, row, column)) Object.assign(merged, style)
    return merged
  }

  /** Rows that hold at least one value: the used range's height, as the tests read it. */
  get rowCount(): number {
    return this.values.length
  }

  /** The values of a rectangle, empty cells as "" (what `Range.values` returns). */
  read(rect: Rect): Scalar[][] {
    const out: Scalar[][] = []
    for (let r = rect.row; r < rect.row + rect.rows; r++) {
      const source = this.values[r]
      const row: Scalar[] = new Array<Scalar>(rect.columns)
      for (let c = 0; c < rect.columns; c++) row[c] = source?.[rect.column + c] ?? ''
      out.push(row)
    }
    return out
  }
}
