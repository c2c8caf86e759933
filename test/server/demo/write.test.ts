import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { EXTRACT_IDS, EXTRACTS } from '../../../shared/extracts/catalog.ts'
import { typedRowReader } from '../../../shared/extracts/reader.ts'
import { columnNames } from '../../../shared/extracts/schema.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { demoGroundTruth, demoRows, writeDemoData } from '../../../server/demo/index.ts'

describe('writeDemoData', async () => {
  const out = await mkdtemp(join(tmpdir(), 'tieout-demo-'))
  afterAll(() => rm(out, { recursive: true, force: true }))
  const options = { period: parsePeriod('2025-09'), scale: 0.05 }
  const { files } = await writeDemoData({ ...options, out })

  it('writes one CSV per extract and ground-truth.json', () => {
    expect(files.map((file) => file.extract)).toEqual([...EXTRACT_IDS, 'ground-truth'])
    expect(files.map((file) => file.path)).toEqual([...EXTRACT_IDS.map((id) => join(out, `${id}.csv`)), join(out, 'ground-truth.json')])
  })

  it.each(EXTRACT_IDS)('%s.csv has the catalog header, the reported row count and rows the typed reader accepts', async (extract) => {
    const records = parse(await readFile(join(out, `${extract}.csv`), 'utf8')) as string[][]
    const [header, ...rows] = records
    expect(header).toEqual(columnNames(EXTRACTS[extract]))
    expect(rows).toHaveLength(files.find((file) => file.extract === extract)?.rows ?? -1)
    expect(rows.length).toBe([...demoRows(extract, options)].length)
    const read = typedRowReader(EXTRACTS[extract], header ?? [])
    rows.forEach((row, index) => read(row, index + 1))
  })

  it('keeps the padded NAV voucher id and the `.0` Jdash id as text', async () => {
    const cr03 = await readFile(join(out, 'CR_03.csv'), 'utf8')
    const jdash = await readFile(join(out, 'JDASH.csv'), 'utf8')
    expect(cr03).toMatch(/, 119000015 ,/)
    expect(jdash).toMatch(/,119000002\.0,/)
  })

  it('ground-truth.json is the ground truth of the same options', async () => {
    const written = JSON.parse(await readFile(join(out, 'ground-truth.json'), 'utf8'))
    expect(written).toEqual(JSON.parse(JSON.stringify(demoGroundTruth(options))))
  })
})
