import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeWorkbookXlsx } from '../../../server/export/xlsx.ts'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import { evaluate, type Value } from '../../support/formula-eval.ts'
import { makeRunResult } from '../../support/run-result.ts'
import { partText } from './unzip.ts'

let dir: string
let book: ExcelJS.Workbook
let stored: FormulaCell[]

type FormulaCell = { sheet: string; address: string; formula: string; result: Value }

function cached(cell: ExcelJS.Cell): Value {
  const v = cell.value
  if (v !== null && typeof v === 'object' && 'formula' in v) return (v.result ?? null) as Value
  return (v ?? null) as Value
}

const FORMULA_CELL = /<c r="([A-Z]+\d+)"[^>]*?( t="str")?[^>]*><f>([^<]*)<\/f>(?:<v>([^<]*)<\/v>)?/g

function xmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

/** Formula cells as stored in the sheet XML: the formula and the cached value a viewer shows. */
async function readFormulaCells(file: string): Promise<FormulaCell[]> {
  const cells: FormulaCell[] = []
  for (const [index, ws] of book.worksheets.entries()) {
    const xml = await partText(file, `xl/worksheets/sheet${index + 1}.xml`)
    for (const m of xml.matchAll(FORMULA_CELL)) {
      const [, address = '', str, formula = '', v] = m
      const result = v === undefined ? null : str === undefined ? Number(v) : xmlText(v)
      cells.push({ sheet: ws.name, address, formula: xmlText(formula), result })
    }
  }
  return cells
}

function formulaCells(): FormulaCell[] {
  return stored
}

/** Recalculates every formula from the stored values, formulas of formulas included, as a spreadsheet would. */
function recalculate(): Map<string, Value> {
  const formulas = new Map(formulaCells().map((c) => [`${c.sheet}!${c.address}`, c]))
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

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tieout-formulas-'))
  const file = join(dir, 'run.xlsx')
  await writeWorkbookXlsx(buildWorkbook(makeRunResult(), new Map()), file)
  book = new ExcelJS.Workbook()
  await book.xlsx.readFile(file)
  stored = await readFormulaCells(file)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('exported formulas foot', () => {
  it('writes formulas on Variance, Bridges and Classification, each with a cached value', () => {
    const cells = formulaCells()
    expect(new Set(cells.map((c) => c.sheet))).toEqual(new Set(['Variance', 'Bridges', 'Classification']))
    expect(cells.every((c) => c.result !== null)).toBe(true)
    expect(cells.some((c) => /Bridges!F\d+/.test(c.formula) && c.sheet === 'Variance')).toBe(true)
  })

  it('every formula, recalculated cell by cell, gives its cached value to the cent', () => {
    const values = recalculate()
    for (const cell of formulaCells()) {
      const value = values.get(`${cell.sheet}!${cell.address}`)
      if (typeof cell.result === 'number')
        expect(Math.round(Number(value) * 100), `${cell.sheet}!${cell.address} ${cell.formula}`).toBe(Math.round(cell.result * 100))
      else expect(value, `${cell.sheet}!${cell.address} ${cell.formula}`).toBe(cell.result)
    }
  })

  it('the Foots column shows ✓ on every tie-out row after recalculation', () => {
    const values = recalculate()
    const checks = formulaCells().filter((c) => c.formula.startsWith('IF('))
    expect(checks.length).toBe(makeRunResult().tieOut.length)
    for (const check of checks) expect(values.get(`${check.sheet}!${check.address}`)).toBe('✓')
  })
})
