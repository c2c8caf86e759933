import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeWorkbookXlsx } from '../../../server/export/xlsx.ts'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import { makeRunResult } from '../../support/result-fixture.ts'
import { type FormulaBook, mismatches, readFormulaBook, recalculate } from '../../support/xlsx-formulas.ts'

let dir: string
let workbook: FormulaBook

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tieout-formulas-'))
  const file = join(dir, 'run.xlsx')
  await writeWorkbookXlsx(buildWorkbook(makeRunResult(), new Map()), file)
  workbook = await readFormulaBook(file)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('exported formulas foot', () => {
  it('writes formulas on Variance, Bridges and Classification, each with a cached value', () => {
    const cells = workbook.formulas
    expect(new Set(cells.map((c) => c.sheet))).toEqual(new Set(['Variance', 'Bridges', 'Classification']))
    expect(cells.every((c) => c.result !== null)).toBe(true)
    expect(cells.some((c) => /Bridges!F\d+/.test(c.formula) && c.sheet === 'Variance')).toBe(true)
  })

  it('every formula, recalculated cell by cell, gives its cached value to the cent', () => {
    expect(mismatches(workbook)).toEqual([])
  })

  it('the Foots column shows ✓ on every tie-out row after recalculation', () => {
    const values = recalculate(workbook)
    const checks = workbook.formulas.filter((c) => c.formula.startsWith('IF('))
    expect(checks.length).toBe(makeRunResult().tieOut.length)
    for (const check of checks) expect(values.get(`${check.sheet}!${check.address}`)).toBe('✓')
  })

  it('a cached value that does not match its lines is caught by the recalculation', () => {
    const subtotal = workbook.formulas.find((c) => c.formula.startsWith('SUBTOTAL') && c.sheet === 'Bridges')
    if (subtotal === undefined || typeof subtotal.result !== 'number') throw new Error('no Bridges subtotal')
    const tampered: FormulaBook = {
      book: workbook.book,
      formulas: workbook.formulas.map((c) => (c === subtotal ? { ...c, result: (subtotal.result as number) + 0.01 } : c)),
    }
    expect(mismatches(tampered)).toHaveLength(1)
  })
})
