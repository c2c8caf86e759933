import { type CellValue, type ColumnFormat, type Sheet, shownValue } from '../../shared/sheets/model.ts'

const NEEDS_QUOTES = /[",\r\n]/
const QUOTE = /"/g

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text
}

/** Money keeps its two decimals ("1234.50"); other numbers their shortest exact text; `.` decimals. */
function text(cell: CellValue, format: ColumnFormat): string {
  const value = shownValue(cell)
  if (value === null) return ''
  if (typeof value === 'number') return format === 'money' ? value.toFixed(2) : String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return value
}

/**
 * One sheet's table as CSV for the evidence package (`results/<sheet>.csv`): header, then every
 * row, then the row's style so totals and section rows can be told from lines. Values are written
 * exactly as in the sheet (dates stay ISO, a formula as its value), never neutralised: evidence must match the data. UTF-8
 * text, `\n` line ends, as the canonical CSV of the extracts.
 */
export function sheetToCsv(sheet: Sheet): string {
  const { columns } = sheet
  const lines: string[] = [[...columns.map((c) => field(c.header)), 'Row style'].join(',')]
  for (const row of sheet.rows) {
    const fields: string[] = []
    for (let i = 0; i < columns.length; i++) {
      fields.push(field(text(row.cells[i] ?? null, (columns[i] as (typeof columns)[number]).format)))
    }
    fields.push(row.style)
    lines.push(fields.join(','))
  }
  return `${lines.join('\n')}\n`
}
