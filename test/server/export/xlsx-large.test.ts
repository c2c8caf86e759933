import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeWorkbookXlsx } from '../../../server/export/xlsx.ts'
import type { BridgeLine } from '../../../shared/result/types.ts'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import { makeBridgeLine, makeBridgeResult, makeRunResult } from '../../support/result-fixture.ts'
import { readPart } from './unzip.ts'

const LINES = 100_000

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tieout-xlsx-large-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function lines(count: number): BridgeLine[] {
  return Array.from({ length: count }, (_, i) =>
    makeBridgeLine({ businessKey: `V-${i}`, amountLcy: `${i}.25`, detail: { voucherId: `V-${i}`, businessUse: 'refund' } }),
  )
}

/** Counts `<row ` in the streamed sheet XML, minding matches split across chunks. */
async function countRows(file: string, part: string): Promise<number> {
  let count = 0
  let tail = ''
  await readPart(file, part, (chunk) => {
    const text = tail + chunk
    count += text.split('<row ').length - 1
    tail = text.slice(-4)
  })
  return count
}

describe('writeWorkbookXlsx at scale', () => {
  it('writes a 100,000-line Bridges sheet with every line, streamed', async () => {
    const result = makeRunResult({ bridges: [makeBridgeResult({ lines: lines(LINES) })] })
    const model = buildWorkbook(result, new Map())
    const sheet = model.sheets.find((s) => s.name === 'Bridges')
    const file = join(dir, 'large.xlsx')
    const { bytes } = await writeWorkbookXlsx(model, file)
    expect(bytes).toBeGreaterThan(0)
    // preamble lines + header + every model row (lines and the total)
    const expected = (sheet?.preamble.length ?? 0) + 1 + (sheet?.rows.length ?? 0)
    expect(sheet?.rows.length).toBe(LINES + 1)
    expect(await countRows(file, 'xl/worksheets/sheet4.xml')).toBe(expected)
  })
})
