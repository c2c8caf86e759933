import { describe, expect, it } from 'vitest'
import { EXTRACT_IDS, EXTRACTS } from '../../../shared/extracts/catalog.ts'
import { columnNames } from '../../../shared/extracts/schema.ts'
import { parseValue } from '../../../shared/extracts/values.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { demoHeader, demoRows, type DemoOptions } from '../../../server/demo/index.ts'

const options: DemoOptions = { period: parsePeriod('2025-09'), scale: 0.05 }

/** Columns NAV and BOB leave blank on some rows: no voucher on other accounts, no inactive date on active vouchers. */
const BLANK_BY_NATURE: Partial<Record<string, string[]>> = {
  CR_03: ['Document Type', 'Voucher No_'],
  IPE_08: ['voucher_inactive_date'],
}

describe('every demo extract has the catalog shape (methodology §3)', () => {
  it.each(EXTRACT_IDS)('%s: the header is the catalog column list, in order', (extract) => {
    expect(demoHeader(extract)).toEqual(columnNames(EXTRACTS[extract]))
  })

  it.each(EXTRACT_IDS)('%s: every row has one value per column and every value parses with its column kind', (extract) => {
    const columns = EXTRACTS[extract].columns
    const problems: string[] = []
    let rows = 0
    for (const row of demoRows(extract, options)) {
      rows++
      if (row.length !== columns.length) problems.push(`row ${rows}: ${row.length} values`)
      columns.forEach((column, index) => {
        const parsed = parseValue(column.kind, row[index])
        if (!parsed.ok && problems.length < 5) problems.push(`row ${rows}, ${column.name}: ${parsed.reason}`)
      })
    }
    expect(problems).toEqual([])
    expect(rows).toBeGreaterThanOrEqual(EXTRACTS[extract].minRows)
  })

  it.each(EXTRACT_IDS)('%s: required columns the run reads are filled', (extract) => {
    const required = EXTRACTS[extract].columns
      .map((column, index) => ({ column, index }))
      .filter(({ column }) => column.required && 'field' in column)
    const empty = new Set<string>()
    for (const row of demoRows(extract, options))
      for (const { column, index } of required) if (row[index] === null || row[index] === '') empty.add(column.name)
    expect([...empty].sort()).toEqual(BLANK_BY_NATURE[extract] ?? [])
  })

  it.each(EXTRACT_IDS.filter((extract) => EXTRACTS[extract].keys.length > 0))('%s: key columns identify each row', (extract) => {
    const header = demoHeader(extract)
    const keyIndexes = EXTRACTS[extract].keys.map((key) => header.indexOf(key))
    const seen = new Set<string>()
    const duplicates: string[] = []
    for (const row of demoRows(extract, options)) {
      const key = JSON.stringify(keyIndexes.map((index) => row[index]))
      if (seen.has(key)) duplicates.push(key)
      seen.add(key)
    }
    expect(duplicates).toEqual([])
  })

  it('money values carry at most two decimals', () => {
    const columns = EXTRACTS.IPE_08.columns
    const moneyIndexes = columns.flatMap((column, index) => (column.kind === 'money' ? [index] : []))
    for (const row of demoRows('IPE_08', options)) {
      for (const index of moneyIndexes) expect(String(row[index])).toMatch(/^-?\d+(\.\d{1,2})?$/)
    }
  })

  it('dates stay within the year to date of the period for CR_03 and before the next period elsewhere', () => {
    const period = options.period
    const posting = demoHeader('CR_03').indexOf('Posting Date')
    for (const row of demoRows('CR_03', options)) {
      expect(String(row[posting]) >= period.yearStart && String(row[posting]) < period.nextPeriodStart).toBe(true)
    }
    const created = demoHeader('IPE_08').indexOf('created_at')
    for (const row of demoRows('IPE_08', options)) expect(String(row[created]) < period.nextPeriodStart).toBe(true)
  })
})
