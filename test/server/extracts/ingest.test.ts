import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ingestExtract } from '../../../server/extracts/ingest.ts'
import type { RecordStream } from '../../../server/sources/source.ts'
import { CR_03, ENTITIES, IPE_07 } from '../../../shared/extracts/catalog.ts'
import { cr03, ipe07, numbered, table, type NamedRow } from '../../shared/extracts/extract-tables.ts'
import { useTempFolder } from './temp-folder.ts'

const tempFolder = useTempFolder()

type StreamOptions = { failAfter?: number; onRecord?: (index: number) => void; header?: string[] }

function streamOf(rows: readonly NamedRow[], options: StreamOptions = {}): RecordStream {
  const data = table(rows, options.header)
  return {
    header: data.header,
    records: (async function* () {
      for (const [index, record] of data.records.entries()) {
        if (options.failAfter === index) throw new Error('connection lost')
        options.onRecord?.(index)
        yield record
      }
    })(),
    provenance: { kind: 'demo', description: 'test rows' },
  }
}

async function ingest(def: typeof CR_03 | typeof IPE_07 | typeof ENTITIES, stream: RecordStream, signal = new AbortController().signal) {
  const folder = await tempFolder()
  const outPath = join(folder, `${def.id}.csv`)
  const result = await ingestExtract({ def, stream, outPath, signal })
  return { result, folder, outPath }
}

describe('ingestExtract (methodology §3, §10)', () => {
  it('writes the canonical CSV and returns its row count, size and SHA-256', async () => {
    const { result, outPath } = await ingest(IPE_07, streamOf(numbered(3, ipe07)))
    const bytes = await readFile(outPath)
    expect(result).toEqual({
      passed: true,
      rows: 3,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      quality: { extract: 'IPE_07', file: 'IPE_07.csv', rows: 3, passed: true, issues: [] },
    })
  })

  it('gives the same hash for the same data in different raw forms and column orders', async () => {
    const raw = await ingest(CR_03, streamOf([cr03({ Amount: '1,234.50', 'Posting Date': '2025-09-30 00:00:00' })]))
    const typed = await ingest(CR_03, streamOf([cr03({ Amount: 1234.5, 'Posting Date': new Date(Date.UTC(2025, 8, 30)) })]))
    const reordered = await ingest(CR_03, streamOf([cr03({ Amount: '1234.5' })], { header: Object.keys(cr03()).reverse() }))
    expect(typed.result.sha256).toBe(raw.result.sha256)
    expect(reordered.result.sha256).toBe(raw.result.sha256)
    expect((await readFile(typed.outPath)).equals(await readFile(raw.outPath))).toBe(true)
  })

  it('lists every problem of a failed extract and leaves no file behind', async () => {
    const rows = numbered(6, ipe07, (row) => (row === 2 || row === 5 ? { rem_amt_LCY: 'n/a' } : row === 6 ? { 'Entry No_': '1' } : {}))
    const { result, folder } = await ingest(IPE_07, streamOf(rows))
    expect(result.passed).toBe(false)
    expect(result.sha256).toBeNull()
    expect(result.quality.issues.map((issue) => [issue.check, issue.rows])).toEqual([
      ['types', [2, 5]],
      ['key-uniqueness', [6]],
    ])
    expect(await readdir(folder)).toEqual([])
  })

  it('passes an entity master with a repeated company, reporting the repeat as a warning', async () => {
    const company = (name: string) => ({ Company_Code: 'EC_NG', Company_Name: name, Company_Country: 'NG', Flg_In_Conso_Scope: '1' })
    const { result } = await ingest(ENTITIES, streamOf([company('Jumia Nigeria'), company('Jumia Nigeria (old)')]))
    expect(result.passed).toBe(true)
    expect(result.quality.issues.map((issue) => [issue.check, issue.severity, issue.rows])).toEqual([['key-uniqueness', 'warning', [2]]])
  })

  it('stops when aborted, removes the temporary file and throws', async () => {
    const controller = new AbortController()
    const stream = streamOf(numbered(10, ipe07), { onRecord: (index) => index === 4 && controller.abort() })
    const folder = await tempFolder()
    await expect(ingestExtract({ def: IPE_07, stream, outPath: join(folder, 'IPE_07.csv'), signal: controller.signal })).rejects.toThrow(
      /abort/i,
    )
    expect(await readdir(folder)).toEqual([])
  })

  it('passes a source failure on and removes the temporary file', async () => {
    const folder = await tempFolder()
    const stream = streamOf(numbered(10, ipe07), { failAfter: 3 })
    await expect(
      ingestExtract({ def: IPE_07, stream, outPath: join(folder, 'IPE_07.csv'), signal: new AbortController().signal }),
    ).rejects.toThrow('connection lost')
    expect(await readdir(folder)).toEqual([])
  })
})
