import { CsvError } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DelimitedFormatError, DelimitedScanner } from '../../../server/sources/files-scanner.ts'

const DELIMITERS = [',', ';', '\t'] as const

/** What csv-parse made of the whole input (the reading the files source had): records or an error. */
function reference(bytes: Buffer, delimiter: string): { records: string[][] } | { error: string; line: number } {
  try {
    return { records: parse(bytes, { delimiter, bom: true, skip_empty_lines: true, max_record_size: 1 << 20 }) as string[][] }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    return { error: error.message, line: (error as CsvError & { lines: number }).lines }
  }
}

/** The scanner over the same bytes cut into chunks at `cuts`. */
function scanned(bytes: Buffer, delimiter: string, cuts: readonly number[]): { records: string[][] } | { error: string; line: number } {
  const scanner = new DelimitedScanner({ delimiter })
  const records: string[][] = []
  const sink = (fields: (string | undefined)[]) => records.push(fields as string[])
  try {
    let from = 0
    for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
      if (cut <= from || cut >= bytes.length) continue
      scanner.push(bytes.subarray(from, cut), sink)
      from = cut
    }
    scanner.push(bytes.subarray(from), sink)
    scanner.end(sink)
  } catch (error) {
    if (!(error instanceof DelimitedFormatError)) throw error
    return { error: error.message, line: error.line }
  }
  return { records: scanner.header === undefined ? [] : [scanner.header, ...records] }
}

const cell = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('', 'a', 'EC_NG', '12.50', '-1,234.00', 'é', '€', '😀', ' x ', '\uFEFF') },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('a', '"', ',', ';', '\t', '\r', '\n', ' ', 'é', '😀'), maxLength: 8 }) },
)

/** Well-formed files: quoted where a cell needs it (and sometimes where it does not). */
const wellFormed = fc
  .record({
    delimiter: fc.constantFrom(...DELIMITERS),
    columns: fc.integer({ min: 1, max: 5 }),
    bom: fc.boolean(),
    crlf: fc.boolean(),
    finalBreak: fc.boolean(),
    rows: fc.array(fc.array(fc.tuple(cell, fc.boolean()), { minLength: 5, maxLength: 5 }), { maxLength: 12 }),
    emptyLines: fc.array(fc.nat(12), { maxLength: 3 }),
  })
  .map(({ delimiter, columns, bom, crlf, finalBreak, rows, emptyLines }) => {
    const lineEnd = crlf ? '\r\n' : '\n'
    const lines = [Array.from({ length: columns }, (_, index) => `col${index}`).join(delimiter)]
    rows.forEach((row, index) => {
      if (emptyLines.includes(index)) lines.push('')
      const cells = row.slice(0, columns).map(([text, quote]) => {
        const needs = /["\r\n]/.test(text) || text.includes(delimiter) || (columns === 1 && text === '')
        return needs || quote ? `"${text.replaceAll('"', '""')}"` : text
      })
      lines.push(cells.join(delimiter))
    })
    const text = (bom ? '\uFEFF' : '') + lines.join(lineEnd) + (finalBreak ? lineEnd : '')
    return { delimiter, bytes: Buffer.from(text, 'utf8'), lines, lineEnd, bom }
  })

/** Anything at all from the characters that matter: stray quotes, mixed line ends, ragged rows. */
const nasty = fc.record({
  delimiter: fc.constantFrom(...DELIMITERS),
  text: fc.string({ unit: fc.constantFrom('a', 'b', '"', ',', ';', '\t', '\r', '\n', '\r\n', 'é', '\uFEFF', '\u0000'), maxLength: 60 }),
})

const withCuts = <T extends { bytes: Buffer }>(files: fc.Arbitrary<T>) =>
  files.chain((file) => fc.tuple(fc.constant(file), fc.array(fc.nat(Math.max(file.bytes.length, 1)), { maxLength: 6 })))

describe('delimited scanner against csv-parse (same records, same errors)', () => {
  it('reads well-formed CSV/TSV with quotes, embedded delimiters and line breaks, BOM, CRLF, empty fields and lines', () => {
    fc.assert(
      fc.property(withCuts(wellFormed), ([{ delimiter, bytes }, cuts]) => {
        const expected = reference(bytes, delimiter)
        expect('records' in expected).toBe(true)
        expect(scanned(bytes, delimiter, cuts)).toEqual(expected)
      }),
      { numRuns: 2000 },
    )
  })

  it('gives the same records or the same error message and line on arbitrary text', () => {
    fc.assert(
      fc.property(
        withCuts(nasty.map(({ delimiter, text }) => ({ delimiter, bytes: Buffer.from(text, 'utf8') }))),
        ([{ delimiter, bytes }, cuts]) => {
          expect(scanned(bytes, delimiter, cuts)).toEqual(reference(bytes, delimiter))
        },
      ),
      { numRuns: 5000 },
    )
  })

  it('is the same whatever the chunk size, down to one byte', () => {
    const text = '\uFEFFa;"b\r\n""c"""\r\n1;"x;y"\r\n\r\n"é";😀\r\n'
    const bytes = Buffer.from(text, 'utf8')
    const expected = reference(bytes, ';')
    const cuts = Array.from({ length: bytes.length }, (_, index) => index)
    expect(scanned(bytes, ';', cuts)).toEqual(expected)
    expect(expected).toEqual({
      records: [
        ['a', 'b\r\n"c"'],
        ['1', 'x;y'],
        ['é', '😀'],
      ],
    })
  })

  it('decodes only the selected fields', () => {
    const scanner = new DelimitedScanner({ delimiter: ',', select: (header) => [header.indexOf('Amount')] })
    const records: (string | undefined)[][] = []
    scanner.push(Buffer.from('Id,Amount,Note\nV1,"1,234.50",x\nV2,7,"y"\n'), (fields) => records.push(fields))
    scanner.end((fields) => records.push(fields))
    expect(scanner.header).toEqual(['Id', 'Amount', 'Note'])
    expect(records).toEqual([
      [undefined, '1,234.50', undefined],
      [undefined, '7', undefined],
    ])
  })

  it('reads a file split at a record boundary as two parts, the second resumed with the header, delimiter and line', () => {
    fc.assert(
      fc.property(wellFormed, fc.nat(), fc.boolean(), ({ delimiter, lines, lineEnd, bom }, at, ragged) => {
        const body = ragged ? [...lines, `x${delimiter}y${delimiter}z${delimiter}w${delimiter}v${delimiter}u`] : lines
        const split = 1 + (at % body.length)
        const first = Buffer.from(
          (bom ? '\uFEFF' : '') +
            body
              .slice(0, split)
              .map((line) => line + lineEnd)
              .join(''),
          'utf8',
        )
        const second = Buffer.from(body.slice(split).join(lineEnd), 'utf8')
        const whole = scanned(Buffer.concat([first, second]), delimiter, [])
        const records: (string | undefined)[][] = []
        const sink = (fields: (string | undefined)[]) => void records.push(fields)
        let header: string[] = []
        try {
          const head = new DelimitedScanner({ delimiter })
          head.push(first, sink)
          head.end(sink)
          header = head.header as string[]
          const tail = new DelimitedScanner({ delimiter, resume: { header, recordDelimiter: head.recordDelimiterFound, line: head.line } })
          tail.push(second, sink)
          tail.end(sink)
        } catch (error) {
          if (!(error instanceof DelimitedFormatError)) throw error
          expect(whole).toEqual({ error: error.message, line: error.line })
          return
        }
        expect(whole).toEqual({ records: [header, ...records] })
      }),
      { numRuns: 1000 },
    )
  })
})
