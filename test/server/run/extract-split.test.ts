import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfigBundle } from '../../../server/run/config-bundle.ts'
import { extractSplit } from '../../../server/run/extract-split.ts'
import { extractInThisThread, extractParams } from '../../../server/run/extract-step.ts'
import { createExtractWorkerPool } from '../../../server/run/worker-pool.ts'
import { createFilesSource } from '../../../server/sources/files.ts'
import { cr03, numbered, table, type NamedRow } from '../../shared/extracts/extract-tables.ts'
import { useTempFolder } from '../extracts/temp-folder.ts'

const pool = createExtractWorkerPool(2)
afterAll(() => pool.close())
const tempFolder = useTempFolder()
const quiet = { progress: () => undefined }

/** CSV text as a user's export may hold it: quoted cells with commas, quotes and line breaks. */
function csvOf(rows: readonly NamedRow[], lineEnd: '\n' | '\r\n', options: { delimiter?: string; header?: string[] } = {}): string {
  const delimiter = options.delimiter ?? ','
  const data = table(rows, options.header)
  const cell = (value: unknown) => {
    const text = String(value ?? '')
    return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  return [data.header, ...data.records].map((record) => record.map(cell).join(delimiter)).join(lineEnd) + lineEnd
}

function rows(count: number): NamedRow[] {
  return numbered(count, cr03, (index) => ({
    id_company: index % 3 === 0 ? 'JM_EG' : 'EC_NG',
    // Most bytes inside quotes, with line breaks: a cut must not fall in them.
    'Document Description': index % 7 === 0 ? `ITEM ${index}` : `refund "${index}", see\r\n${'line\n'.repeat(index % 13)}end`,
    Amount: `${index % 11 === 0 ? '-' : ''}${index}.${String(index % 100).padStart(2, '0')}`,
  }))
}

async function runBoth(csv: string) {
  const folder = await tempFolder()
  await writeFile(join(folder, 'CR_03.csv'), csv)
  const config = await loadConfigBundle()
  const params = extractParams({ period: '2025-09' }, ['EC_NG', 'JM_EG'], config.glAccounts)
  const whole = await tempFolder()
  const signal = new AbortController().signal
  const expected = await extractInThisThread(
    'CR_03',
    { runDir: whole, signal, ...quiet },
    { source: createFilesSource(folder), params },
  ).then(
    (output) => ({ output, error: null }),
    (error: Error) => ({ output: null, error }),
  )
  const source = createFilesSource(folder, { splitMinBytes: 1 })
  const plan = await source.splitPlan?.('CR_03', 5, signal)
  const split = await tempFolder()
  const output = plan ? await extractSplit('CR_03', plan, { runDir: split, signal, ...quiet }, pool) : null
  return { plan, expected, output, whole, split }
}

describe('a large extract file read in byte ranges by several workers', () => {
  for (const lineEnd of ['\n', '\r\n'] as const) {
    it(`writes the canonical CSV, SHA-256 and info of a reading in one piece (${JSON.stringify(lineEnd)} line ends)`, async () => {
      const { plan, expected, output, whole, split } = await runBoth(csvOf(rows(3000), lineEnd))
      expect(plan?.ranges.length).toBe(5)
      expect(output).not.toBeNull()
      expect(output?.sha256).toBe(expected.output?.sha256)
      expect(output?.summary).toEqual({ rows: 3000 })
      expect(await readFile(join(split, 'extracts', 'CR_03.csv'))).toEqual(await readFile(join(whole, 'extracts', 'CR_03.csv')))
      expect(await readFile(join(split, 'extracts', 'CR_03.info.json'), 'utf8')).toBe(
        await readFile(join(whole, 'extracts', 'CR_03.info.json'), 'utf8'),
      )
      expect(await readdir(join(split, 'extracts'))).toEqual(['CR_03.csv', 'CR_03.info.json'])
    })
  }

  it('writes the same bytes for semicolons, columns in another order, an extra column and accents', async () => {
    const data = rows(3000).map((row, index) => ({ ...row, Note: `n${index}`, 'Document No_': `DOC-é${index % 5}` }))
    for (const header of [undefined, Object.keys(data[0] ?? {}).reverse()]) {
      for (const delimiter of [',', ';']) {
        const { output, expected, whole, split } = await runBoth(csvOf(data, '\n', { delimiter, ...(header ? { header } : {}) }))
        expect(output?.sha256).toBe(expected.output?.sha256)
        expect(await readFile(join(split, 'extracts', 'CR_03.csv'))).toEqual(await readFile(join(whole, 'extracts', 'CR_03.csv')))
        expect(await readFile(join(split, 'extracts', 'CR_03.info.json'), 'utf8')).toBe(
          await readFile(join(whole, 'extracts', 'CR_03.info.json'), 'utf8'),
        )
      }
    }
  })

  it('leaves a key repeated in another range to the reading in one piece, which reports it', async () => {
    const data = rows(3000)
    data.push(cr03({ 'Entry No_': '12', id_company: 'JM_EG' }))
    const { expected, output, split } = await runBoth(csvOf(data, '\n'))
    expect(output).toBeNull()
    expect(expected.error?.message).toMatch(
      /1 row repeats the key \(id_company, Entry No_\) of an earlier row, at row 3001; first: id_company=JM_EG, Entry No_=12 at rows 12 and 3001/,
    )
    expect(await readdir(join(split, 'extracts')).catch(() => [])).toEqual([])
  })

  it('leaves a value that does not parse in a later range to the reading in one piece', async () => {
    const data = rows(3000)
    data[2800] = { ...data[2800], Amount: '12,5x' }
    const { expected, output } = await runBoth(csvOf(data, '\n'))
    expect(output).toBeNull()
    expect(expected.error?.message).toMatch(/column "Amount".* at row 2801/)
  })

  it('leaves a malformed record to the reading in one piece, which names its line', async () => {
    const { expected, output } = await runBoth(`${csvOf(rows(3000), '\n')}1,2,3\n`)
    expect(output).toBeNull()
    expect(expected.error?.message).toMatch(/line \d+: Invalid Record Length/)
  })
})
