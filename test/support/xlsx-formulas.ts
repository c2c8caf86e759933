import ExcelJS from 'exceljs'
import { partText } from '../server/export/unzip.ts'
import { evaluate, type Value } from './formula-eval.ts'

/** A formula cell of an exported workbook: its formula and the cached value a viewer shows. */
export type FormulaCell = { readonly sheet: string; readonly address: string; readonly formula: string; readonly result: Value }

/** An exported workbook read for recalculation: values by ExcelJS, formulas from the sheet XML. */
export type FormulaBook = { readonly book: ExcelJS.Workbook; readonly formulas: readonly FormulaCell[] }

function cached(cell: ExcelJS.Cell): Value {
  const v = cell.value
  if (v !== null && typeof v === 'object' && 'formula' in v) return (v.result ?? null) as Value
  return (v ?? null) as Value
}

const FORMULA_CELL = /<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)<\/f>(?:<v>([^<]*)<\/v>)?/g

function xmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

export async function readFormulaBook(file: string): Promise<FormulaBook> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(file)
  const formulas: FormulaCell[] = []
  for (const [index, ws] of book.worksheets.entries()) {
    const xml = await partText(file, `xl/worksheets/sheet${index + 1}.xml`)
    for (const m of xml.matchAll(FORMULA_CELL)) {
      const [, address = '', attributes = '', formula = '', v] = m
      const result = v === undefined ? null : attributes.includes('t="str"') ? xmlText(v) : Number(v)
      formulas.push({ sheet: ws.name, address, formula: xmlText(formula), result })
    }
  }
  return { book, formulas }
}

/** Recalculates every formula from the stored values, formulas of formulas included, as a spreadsheet would. */
export function recalculate({ book, formulas: cells }: FormulaBook): Map<string, Value> {
  const formulas = new Map(cells.map((c) => [`${c.sheet}!${c.address}`, c]))
  const done = new Map<string, Value>()
  const valueOf = (sheet: string, address: string): Value => {
    const key = `${sheet}!${address}`
    const known = done.get(key)
    if (known !== undefined) return known
    const formula = formulas.get(key)
    if (formula === undefined) return cached(book.getWorksheet(sheet)!.getCell(address))
    const value = evaluate(
      formula.formula,
      (other, ref) => valueOf(other ?? sheet, ref),
      (other, ref) => formulas.get(`${other ?? sheet}!${ref}`)?.formula.startsWith('SUBTOTAL') === true,
    )
    done.set(key, value)
    return value
  }
  for (const { sheet, address } of formulas.values()) valueOf(sheet, address)
  return done
}

/** The formula cells whose recalculated value differs from their cached value (to the cent for numbers). */
export function mismatches(workbook: FormulaBook): string[] {
  const values = recalculate(workbook)
  return workbook.formulas.flatMap((cell) => {
    const value = values.get(`${cell.sheet}!${cell.address}`)
    const same = typeof cell.result === 'number' ? Math.round(Number(value) * 100) === Math.round(cell.result * 100) : value === cell.result
    return same ? [] : [`${cell.sheet}!${cell.address} ${cell.formula}: cached ${String(cell.result)}, recalculated ${String(value)}`]
  })
}
