import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readResultList, writeResultList } from '../../../server/export/result-lists.ts'
import type { UncategorizedRow } from '../../../shared/result/types.ts'
import { makeRunResult } from '../../support/result-fixture.ts'

/** Entries whose text CSV must quote: commas, doubled quotes, line breaks (LF and CRLF), and nulls. */
const rows: UncategorizedRow[] = Array.from({ length: 9 }, (_, n) => ({
  companyCode: n < 5 ? 'EC_NG' : 'JD_GH',
  entryNo: n === 3 ? null : 1_000 + n,
  documentNo: n % 2 === 0 ? `DOC-${n}` : null,
  postingDate: '2025-09-12',
  description: [`plain ${n}`, 'a "quoted", text', 'two\nlines', 'crlf\r\nline', '""', null][n % 6] ?? null,
  userId: 'JUMIA\\A.BELLO',
  amountLcy: n === 4 ? null : `-${n}.05`,
}))

/** The file's bytes in chunks of `size` bytes: a record, a quote or a line feed may fall across chunks. */
function chunked(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = []
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size))
  return Readable.from(chunks)
}

describe('list CSVs of the evidence', () => {
  it('read back every row as written: nulls, quotes, commas and line breaks', async () => {
    const file = join(tmpdir(), `uncategorized-${process.pid}.csv`)
    await writeResultList(file, 'uncategorized', rows)
    const bytes = await readFile(file)
    await rm(file)
    expect(bytes.toString('utf8').split('\n')[0]).toBe('companyCode,entryNo,documentNo,postingDate,description,userId,amountLcy')
    for (const size of [1, 2, 3, 7, 64, 1 << 16]) {
      expect(await readResultList(chunked(bytes, size), 'uncategorized', 'u.csv'), `chunks of ${size}`).toEqual(rows)
    }
  })

  it('give any page, wherever the chunks cut the file', async () => {
    const file = join(tmpdir(), `uncategorized-page-${process.pid}.csv`)
    await writeResultList(file, 'uncategorized', rows)
    const bytes = await readFile(file)
    await rm(file)
    for (const size of [1, 5, 13, 1 << 16]) {
      for (let offset = 0; offset <= rows.length + 1; offset++) {
        for (const limit of [1, 2, 4, 100]) {
          const page = await readResultList(chunked(bytes, size), 'uncategorized', 'u.csv', { offset, limit })
          expect(page, `chunks ${size}, offset ${offset}, limit ${limit}`).toEqual(rows.slice(offset, offset + limit))
        }
      }
    }
  })

  it('keep account lists of classified items, empty ones included', async () => {
    const items = makeRunResult().classification.items.map((item, n) => (n === 0 ? { ...item, drAccounts: [], crAccounts: [] } : item))
    const file = join(tmpdir(), `items-${process.pid}.csv`)
    await writeResultList(file, 'classifiedItems', items)
    const bytes = await readFile(file)
    await rm(file)
    expect(await readResultList(chunked(bytes, 3), 'classifiedItems', 'i.csv')).toEqual(items)
  })

  it('a file that is not a list CSV as written is an evidence error naming it', async () => {
    const other = Buffer.from('id_company,Entry No_\nEC_NG,1\n')
    await expect(readResultList(chunked(other, 4), 'uncategorized', 'results/CR_03-18412-uncategorized.csv')).rejects.toThrow(
      /results\/CR_03-18412-uncategorized\.csv: header is "id_company,Entry No_"/,
    )
    const short = Buffer.from('companyCode,entryNo,documentNo,postingDate,description,userId,amountLcy\nEC_NG,1\n')
    await expect(readResultList(chunked(short, 4), 'uncategorized', 'u.csv')).rejects.toThrow(/row 1: 2 cells, expected 7/)
  })
})
