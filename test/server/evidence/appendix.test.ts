import { existsSync } from 'node:fs'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AppendixInput } from '../../../server/evidence/appendix.ts'
import { appendEvidenceRecord } from '../../../server/evidence/appendix.ts'
import { sha256Hex } from '../../../server/evidence/hash.ts'
import { verifyEvidence } from '../../../server/evidence/verify.ts'
import { useTempDirs, writeSample, SIGNER } from './helpers.ts'

const temp = useTempDirs()

const review = (overrides: Partial<AppendixInput> = {}): AppendixInput => ({
  kind: 'review',
  at: '2025-10-02T10:00:00',
  actor: 'reviewer@example.com',
  payload: { key: 'TIMING|EC_NG|V-1', status: 'Explained', comment: 'usage delivered in October' },
  ...overrides,
})

async function withRecords(count: number): Promise<{ dir: string; manifestSha256: string }> {
  const { dir, written } = await writeSample(temp)
  for (let n = 0; n < count; n += 1) await appendEvidenceRecord(dir, review({ payload: { n } }), SIGNER)
  return { dir, manifestSha256: written.manifestSha256 }
}

describe('appendEvidenceRecord', () => {
  it('the first record chains to the manifest hash', async () => {
    const { dir, written } = await writeSample(temp)
    const appended = await appendEvidenceRecord(dir, review(), SIGNER)
    const record = JSON.parse(await readFile(join(dir, 'appendix/000001-review.json'), 'utf8')) as Record<string, unknown>
    expect(appended).toMatchObject({ seq: 1, path: 'appendix/000001-review.json' })
    expect(record).toEqual({
      seq: 1,
      kind: 'review',
      at: '2025-10-02T10:00:00',
      actor: 'reviewer@example.com',
      payload: { key: 'TIMING|EC_NG|V-1', status: 'Explained', comment: 'usage delivered in October' },
      previousRecordSha256: written.manifestSha256,
      keyFingerprint: SIGNER.fingerprint,
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/),
    })
  })

  it('each next record chains to the hash of the previous record', async () => {
    const { dir } = await writeSample(temp)
    const first = await appendEvidenceRecord(dir, review(), SIGNER)
    const second = await appendEvidenceRecord(dir, review({ kind: 'signoff', payload: { signedBy: 'rev' } }), SIGNER)
    const bytes = await readFile(join(dir, 'appendix/000002-signoff.json'))
    expect(second).toEqual({
      seq: 2,
      sha256: sha256Hex(bytes),
      path: 'appendix/000002-signoff.json',
      records: 2,
      keyFingerprint: SIGNER.fingerprint,
    })
    expect((JSON.parse(bytes.toString('utf8')) as { previousRecordSha256: string }).previousRecordSha256).toBe(first.sha256)
  })

  it('appending leaves the sealed files and the manifest as they were', async () => {
    const { dir } = await withRecords(3)
    const report = await verifyEvidence(dir)
    expect(report).toMatchObject({ ok: true, added: [], appendix: { records: 3, broken: [] } })
  })

  it('appends made at the same time get distinct sequence numbers', async () => {
    const { dir } = await writeSample(temp)
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => appendEvidenceRecord(dir, review({ payload: { n } }), SIGNER)))
    expect(results.map((result) => result.seq).sort()).toEqual([1, 2, 3, 4, 5])
    expect((await verifyEvidence(dir)).appendix).toMatchObject({ records: 5, broken: [] })
  })

  it('reports the head hash, to compare with the server journal', async () => {
    const { dir } = await writeSample(temp)
    await appendEvidenceRecord(dir, review(), SIGNER)
    const last = await appendEvidenceRecord(dir, review(), SIGNER)
    expect((await verifyEvidence(dir)).appendix.headSha256).toBe(last.sha256)
  })

  it('refuses a folder that is not a sealed package', async () => {
    const work = await temp()
    await expect(appendEvidenceRecord(join(work, 'evidence'), review(), SIGNER)).rejects.toMatchObject({ code: 'TIEOUT_ERR_NOT_FOUND' })
    expect(existsSync(join(work, 'evidence'))).toBe(false)
  })

  it('refuses to append after a gap in the numbering', async () => {
    const { dir } = await withRecords(3)
    await rm(join(dir, 'appendix/000002-review.json'))
    await expect(appendEvidenceRecord(dir, review(), SIGNER)).rejects.toMatchObject({ code: 'TIEOUT_ERR_EVIDENCE' })
  })

  it.each([
    [{ kind: 'note' as 'review' }],
    [{ at: 'yesterday' }],
    [{ actor: '' }],
    [{ payload: undefined }],
    [{ payload: { amount: 10n } }],
  ])('refuses an invalid record %o', async (override) => {
    const { dir } = await writeSample(temp)
    await expect(appendEvidenceRecord(dir, review(override), SIGNER)).rejects.toMatchObject({ code: 'TIEOUT_ERR_BAD_INPUT' })
  })

  it('leaves no temporary file behind', async () => {
    const { dir } = await withRecords(2)
    expect((await readdir(join(dir, 'appendix'))).sort()).toEqual(['000001-review.json', '000002-review.json', 'seal.json'])
  })
})

describe('verify re-checks the appendix chain', () => {
  it('an edited record breaks the link of the record after it', async () => {
    const { dir } = await withRecords(3)
    const path = join(dir, 'appendix/000002-review.json')
    await writeFile(path, (await readFile(path, 'utf8')).replace('"n": 1', '"n": 9'))
    const report = await verifyEvidence(dir)
    expect(report.ok).toBe(false)
    expect(report.appendix.broken).toEqual([
      "appendix/000002-review.json has no valid signature: it was edited or forged without the server's key",
      expect.stringContaining('appendix/000003-review.json does not chain to appendix/000002-review.json'),
    ])
    expect(report.problems).toEqual(report.appendix.broken)
  })

  it('a deleted record is named as missing and breaks the chain', async () => {
    const { dir } = await withRecords(3)
    await rm(join(dir, 'appendix/000002-review.json'))
    const report = await verifyEvidence(dir)
    expect(report.appendix.broken).toEqual([
      'appendix: record 2 is missing',
      expect.stringContaining('appendix/000003-review.json does not chain to appendix/000001-review.json'),
    ])
  })

  it('a renumbered record is detected', async () => {
    const { dir } = await withRecords(2)
    await rm(join(dir, 'appendix/000001-review.json'))
    const second = join(dir, 'appendix/000002-review.json')
    await writeFile(join(dir, 'appendix/000001-review.json'), await readFile(second))
    await rm(second)
    const report = await verifyEvidence(dir)
    expect(report.appendix.broken).toEqual([
      'appendix/000001-review.json holds seq 2, not 1',
      expect.stringContaining('appendix/000001-review.json does not chain to manifest.json'),
      expect.stringContaining('appendix: record 2 is missing at the tail (the seal counts 2 record(s)'),
    ])
  })

  it('a stray file in the appendix is reported', async () => {
    const { dir } = await withRecords(1)
    await writeFile(join(dir, 'appendix/notes.txt'), 'x')
    expect((await verifyEvidence(dir)).appendix.broken).toEqual([expect.stringContaining('appendix/notes.txt is not an appendix record')])
  })

  it('removing the last record is caught by the seal, which names the record', async () => {
    const { dir } = await withRecords(2)
    const before = await verifyEvidence(dir)
    await rm(join(dir, 'appendix/000002-review.json'))
    const after = await verifyEvidence(dir)
    expect(after.ok).toBe(false)
    expect(after.appendix).toMatchObject({ records: 1, seal: { records: 2, headSha256: before.appendix.headSha256 } })
    expect(after.appendix.broken).toEqual([
      `appendix: record 2 is missing at the tail (the seal counts 2 record(s), head ${String(before.appendix.headSha256)})`,
    ])
  })
})
