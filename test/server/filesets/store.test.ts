import { mkdir, utimes, writeFile } from 'node:fs/promises'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FilesetRecord } from '../../../shared/api/filesets.ts'
import { assertUsableFileset, readFileset, sealFileset, openPartial, sweepPartials } from '../../../server/filesets/store.ts'
import { useTempFolder } from '../extracts/temp-folder.ts'

const tempFolder = useTempFolder()
const record = (overrides: Partial<FilesetRecord> = {}): FilesetRecord => ({
  id: 'fs-1',
  files: [{ name: 'CR_05.csv', extract: 'CR_05', bytes: 10, sha256: 'a'.repeat(64), rows: 1, passed: true, issues: [] }],
  passed: true,
  createdBy: 'demo-preparer',
  createdAt: '2025-10-01T08:00:00.000Z',
  ...overrides,
})

describe('the fileset store', () => {
  it('seals an upload by renaming <id>.partial to <id> with its fileset.json', async () => {
    const root = await tempFolder()
    await openPartial(root, 'fs-1')
    await sealFileset(root, record())
    expect(readdirSync(root)).toEqual(['fs-1'])
    expect(await readFileset(root, 'fs-1')).toEqual(record())
    await expect(assertUsableFileset(root, 'fs-1')).resolves.toBeUndefined()
  })

  it('a record that is not a passed fileset, or names another id, makes the id unusable', async () => {
    const root = await tempFolder()
    for (const [id, content] of [
      ['failed', JSON.stringify(record({ id: 'failed', passed: false }))],
      ['other', JSON.stringify(record({ id: 'fs-1' }))],
      ['garbled', '{"id": "garbled"'],
    ] as const) {
      await mkdir(join(root, id))
      await writeFile(join(root, id, 'fileset.json'), content)
      await expect(assertUsableFileset(root, id), id).rejects.toThrow(`source.filesetId: "${id}" is not a validated upload`)
    }
    await expect(readFileset(root, 'other')).rejects.toThrow('fileset other not found')
    await expect(assertUsableFileset(root, '../fs-1')).rejects.toThrow('is not a validated upload')
  })

  it('sweeps unfinished uploads older than the cut-off and keeps recent ones and sealed filesets', async () => {
    const root = await tempFolder()
    const now = new Date('2025-10-02T00:00:00Z')
    for (const name of ['old.partial', 'fresh.partial', 'kept']) await mkdir(join(root, name))
    await utimes(join(root, 'old.partial'), new Date('2025-09-30T00:00:00Z'), new Date('2025-09-30T00:00:00Z'))
    await utimes(join(root, 'fresh.partial'), now, now)
    expect(await sweepPartials(root, 24 * 3600_000, now)).toEqual(['old.partial'])
    expect(readdirSync(root).sort()).toEqual(['fresh.partial', 'kept'])
    expect(await sweepPartials(join(root, 'missing'), 0, now)).toEqual([])
  })
})
