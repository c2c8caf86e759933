import { describe, expect, it } from 'vitest'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import { shownValue } from '../../../shared/sheets/model.ts'
import { makeRunResult } from '../../support/result-fixture.ts'

describe('buildWorkbook', () => {
  it('builds the six workpapers in order, each protected, for the run and period', () => {
    const model = buildWorkbook(makeRunResult(), new Map())
    expect(model.runId).toBe('run-2025-09-0001')
    expect(model.period).toBe('2025-09')
    expect(model.sheets.map((s) => s.name)).toEqual(['Summary', 'Variance', 'Roll-forward', 'Bridges', 'Classification', 'Evidence'])
    expect(model.sheets.every((s) => s.protected)).toBe(true)
  })

  it('gives every row exactly one cell per column', () => {
    for (const sheet of buildWorkbook(makeRunResult(), new Map()).sheets) {
      for (const row of sheet.rows) expect(row.cells).toHaveLength(sheet.columns.length)
    }
  })

  it('writes money as numbers and ids as text', () => {
    for (const sheet of buildWorkbook(makeRunResult(), new Map()).sheets) {
      sheet.columns.forEach((column, i) => {
        const values = sheet.rows.filter((r) => r.style !== 'section').map((r) => shownValue(r.cells[i] ?? null))
        if (column.format === 'money') expect(values.every((v) => v === null || typeof v === 'number')).toBe(true)
        if (column.format === 'id') expect(values.every((v) => v === null || typeof v === 'string')).toBe(true)
      })
    }
  })

  it('gives every reviewable row its key in the hidden key column', () => {
    for (const sheet of buildWorkbook(makeRunResult(), new Map()).sheets) {
      const keyIndex = sheet.columns.findIndex((c) => c.hidden)
      if (keyIndex < 0) continue
      for (const row of sheet.rows) expect(row.cells[keyIndex]).toBe(row.key === '' ? null : row.key)
    }
  })
})
