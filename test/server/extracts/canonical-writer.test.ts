import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatRecord } from '../../../server/extracts/canonical-format.ts'
import { openCanonicalWriter } from '../../../server/extracts/canonical-writer.ts'
import { useTempFolder } from './temp-folder.ts'

const tempFolder = useTempFolder()

async function writeCsv(rows: readonly (readonly string[])[], header: readonly string[] = ['a', 'b', 'c']) {
  const path = join(await tempFolder(), 'out.csv')
  const writer = await openCanonicalWriter(path, header)
  for (const row of rows) await writer.write(row)
  const written = await writer.finish()
  return { path, written, bytes: await readFile(path) }
}

describe('canonical CSV writer (methodology §10)', () => {
  it('writes the header then one line per row, UTF-8 without BOM, \\n line ends', async () => {
    const { bytes, written } = await writeCsv([
      ['EC_NG', '-12.50', ''],
      ['Société', '0.00', '2025-09-30'],
    ])
    expect(bytes.toString('utf8')).toBe('a,b,c\nEC_NG,-12.50,\nSociété,0.00,2025-09-30\n')
    expect(bytes[0]).not.toBe(0xef)
    expect(written.rows).toBe(2)
  })

  it('quotes only cells with a comma, quote, CR or LF (RFC 4180)', async () => {
    const { bytes } = await writeCsv([
      ['a,b', 'say "hi"', 'line\nbreak'],
      ['cr\rhere', 'plain', ' spaced '],
    ])
    expect(bytes.toString('utf8')).toBe('a,b,c\n"a,b","say ""hi""","line\nbreak"\n"cr\rhere",plain, spaced \n')
  })

  it('reports the SHA-256 and size of exactly the bytes written', async () => {
    const { bytes, written } = await writeCsv([['1', '2', '3']])
    expect(written.bytes).toBe(bytes.length)
    expect(written.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
  })

  it('gives byte-identical files and hashes for the same data', async () => {
    const rows = Array.from({ length: 5000 }, (_, index) => [`V-${index}`, `${index}.00`, index % 7 === 0 ? 'x,"y"' : ''])
    const first = await writeCsv(rows)
    const second = await writeCsv(rows)
    expect(second.written.sha256).toBe(first.written.sha256)
    expect(second.bytes.equals(first.bytes)).toBe(true)
  })

  it('keeps rows in order across buffer flushes, whether or not writes are awaited', async () => {
    const path = join(await tempFolder(), 'big.csv')
    const writer = await openCanonicalWriter(path, ['n', 'text'])
    const long = 'x'.repeat(3000)
    for (let index = 0; index < 2000; index++) void writer.write([String(index), long])
    await writer.finish()
    const lines = (await readFile(path, 'utf8')).split('\n')
    expect(lines).toHaveLength(2002)
    expect(lines.slice(1, 2001).map((line) => Number(line.split(',')[0]))).toEqual(Array.from({ length: 2000 }, (_, index) => index))
  })

  it('writes a cell larger than its buffer', async () => {
    const huge = 'é'.repeat(1_500_000)
    const { bytes } = await writeCsv([[huge, '1', '2']])
    expect(bytes.toString('utf8')).toBe(`a,b,c\n${huge},1,2\n`)
  })

  it('shows the file only once finished: it is written to path.tmp and renamed', async () => {
    const folder = await tempFolder()
    const writer = await openCanonicalWriter(join(folder, 'IPE_07.csv'), ['a'])
    await writer.write(['1'])
    expect(await readdir(folder)).toEqual(['IPE_07.csv.tmp'])
    await writer.finish()
    expect(await readdir(folder)).toEqual(['IPE_07.csv'])
  })

  it('leaves nothing behind when aborted', async () => {
    const folder = await tempFolder()
    const writer = await openCanonicalWriter(join(folder, 'IPE_07.csv'), ['a'])
    await writer.write(['1'])
    await writer.abort()
    expect(await readdir(folder)).toEqual([])
  })

  it('writes exactly the bytes of the reference format (join, quote by regex, UTF-8), whatever the cells', async () => {
    const unit = fc.constantFrom(
      'a',
      'Z',
      '0',
      '-',
      '.',
      ' ',
      ',',
      '"',
      '\r',
      '\n',
      ';',
      'é',
      'ß',
      '€',
      '😀',
      '\uFEFF',
      '\u0000',
      '\u007f',
      '\u0080',
      '\ud800',
    )
    const cell = fc.oneof(fc.constantFrom('', 'EC_NG', '-1234.50', '2025-09-30T23:59:59'), fc.string({ unit, maxLength: 12 }))
    const rows = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 40 })
    await fc.assert(
      fc.asyncProperty(rows, async (generated) => {
        const { bytes, written } = await writeCsv(generated)
        const reference = Buffer.from(['a,b,c', ...generated.map((row) => formatRecord(row))].map((line) => `${line}\n`).join(''), 'utf8')
        expect(bytes.equals(reference)).toBe(true)
        expect(written.sha256).toBe(createHash('sha256').update(reference).digest('hex'))
      }),
      { numRuns: 300 },
    )
  })

  it('keeps the reference bytes across buffer flushes of wide rows', async () => {
    const header = Array.from({ length: 42 }, (_, index) => `c${index}`)
    const rows = Array.from({ length: 20_000 }, (_, row) =>
      header.map((_, column) =>
        column % 7 === 0 ? `Société ${row}` : column % 11 === 0 ? `"q",${row}` : `${row * column}.${column % 10}0`,
      ),
    )
    const { bytes } = await writeCsv(rows, header)
    const reference = [header, ...rows].map((row) => `${formatRecord(row)}\n`).join('')
    expect(bytes.length).toBeGreaterThan(1 << 21)
    expect(bytes.equals(Buffer.from(reference, 'utf8'))).toBe(true)
  })
})
