/**
 * One CSV record (RFC 4180, `\n` line end) of source values: null is empty, booleans are 0/1,
 * numbers their shortest text, and a text is quoted only when it holds a comma, quote, CR or LF.
 */
const QUOTE = /"/g

export function csvRecord(values: readonly unknown[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ','
    const value = values[i]
    if (typeof value === 'string') line += needsQuotes(value) ? `"${value.replace(QUOTE, '""')}"` : value
    else if (typeof value === 'number') line += String(value)
    else if (typeof value === 'boolean') line += value ? '1' : '0'
    else if (value !== null && value !== undefined) line += String(value)
  }
  return `${line}\n`
}

function needsQuotes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    // '"' 34, ',' 44, LF 10, CR 13
    if (code === 44 || code === 34 || code === 10 || code === 13) return true
  }
  return false
}
