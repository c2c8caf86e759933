import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appendEvidenceRecord } from '../../../server/evidence/appendix.ts'
import { evidenceDir, latestLink, latestManifestSha256, listPeriodRuns, verifyPeriodChain } from '../../../server/evidence/chain.ts'
import { verifyEvidence } from '../../../server/evidence/verify.ts'
import type { EvidencePackageInput } from '../../../server/evidence/write.ts'
import { writeEvidencePackage } from '../../../server/evidence/write.ts'
import { zipEvidence } from '../../../server/evidence/zip.ts'
import { packageInput, SIGNER, useTempDirs } from './helpers.ts'

const temp = useTempDirs()

/** Writes the next run of the period at `<root>/<period>/<runId>/evidence`, chained as the product does. */
async function runOf(root: string, overrides: Partial<EvidencePackageInput> & { runId: string; createdAt: string }) {
  const period = overrides.period ?? '2025-09'
  const link = await latestLink(root, period)
  const dir = evidenceDir(root, period, overrides.runId)
  const written = await writeEvidencePackage(dir, await packageInput(root, { ...link, ...overrides }))
  return { dir, manifestSha256: written.manifestSha256 }
}

describe('latestManifestSha256', () => {
  it('is null before the first run of the period', async () => {
    expect(await latestManifestSha256(await temp(), '2025-09')).toBeNull()
  })

  it("is the previous run's manifest hash for the same period", async () => {
    const root = await temp()
    const first = await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    const second = await runOf(root, { runId: 'r2', createdAt: '2025-10-02T09:00:00' })
    expect(await latestManifestSha256(root, '2025-09')).toBe(second.manifestSha256)
    expect((await verifyEvidence(second.dir)).chain.previousManifestSha256).toBe(first.manifestSha256)
  })

  it('orders runs by createdAt, then run id, whatever their folder names', async () => {
    const root = await temp()
    await runOf(root, { runId: 'zz', createdAt: '2025-10-01T09:00:00' })
    const later = await runOf(root, { runId: 'aa', createdAt: '2025-10-03T09:00:00' })
    const sameTime = await runOf(root, { runId: 'ab', createdAt: '2025-10-03T09:00:00' })
    expect((await listPeriodRuns(root, '2025-09')).map((run) => run.runId)).toEqual(['zz', 'aa', 'ab'])
    expect(await latestManifestSha256(root, '2025-09')).toBe(sameTime.manifestSha256)
    expect(sameTime.manifestSha256).not.toBe(later.manifestSha256)
  })

  it('keeps the chains of different periods apart', async () => {
    const root = await temp()
    await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    expect(await latestManifestSha256(root, '2025-08')).toBeNull()
  })

  it('ignores a crashed write (evidence.partial)', async () => {
    const root = await temp()
    const first = await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    const crashed = join(root, '2025-09', 'r2', 'evidence.partial')
    await mkdir(crashed, { recursive: true })
    await writeFile(join(crashed, 'manifest.json'), await readFile(join(first.dir, 'manifest.json')))
    expect(await latestManifestSha256(root, '2025-09')).toBe(first.manifestSha256)
  })

  it('refuses to place the chain over an unreadable manifest', async () => {
    const root = await temp()
    const first = await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    await writeFile(join(first.dir, 'manifest.json'), 'garbage')
    await expect(latestManifestSha256(root, '2025-09')).rejects.toMatchObject({ code: 'TIEOUT_ERR_EVIDENCE' })
  })
})

describe('the chain link checked by verify', () => {
  it('holds between two runs of the same period, from folder or zip', async () => {
    const root = await temp()
    const first = await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    const second = await runOf(root, { runId: 'r2', createdAt: '2025-10-02T09:00:00' })
    const previousZip = join(root, 'r1.zip')
    await zipEvidence(first.dir, previousZip)
    for (const previous of [first.dir, join(first.dir, 'manifest.json'), previousZip]) {
      const report = await verifyEvidence(second.dir, { previousManifest: previous })
      expect(report.chain, previous).toEqual({
        previousManifestSha256: first.manifestSha256,
        previousAppendix: { runId: 'r1', records: 0, headSha256: null },
        checked: true,
        ok: true,
      })
      expect(report.ok).toBe(true)
    }
  })

  it('breaks when the previous manifest was edited', async () => {
    const root = await temp()
    const first = await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    const second = await runOf(root, { runId: 'r2', createdAt: '2025-10-02T09:00:00' })
    const manifest = join(first.dir, 'manifest.json')
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('0.1.0', '0.1.1'))
    const report = await verifyEvidence(second.dir, { previousManifest: first.dir })
    expect(report).toMatchObject({ ok: false, chain: { checked: true, ok: false } })
    expect(report.problems).toEqual([expect.stringContaining(`links to previous manifest sha256 ${first.manifestSha256}`)])
  })

  it("names the previous run's appendix head at sealing time; records added later keep the link", async () => {
    const root = await temp()
    const first = await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    const review = { kind: 'review' as const, at: '2025-10-01T10:00:00', actor: 'rev', payload: { n: 1 } }
    await appendEvidenceRecord(first.dir, review, SIGNER)
    const head = await appendEvidenceRecord(first.dir, { ...review, kind: 'signoff' }, SIGNER)
    const second = await runOf(root, { runId: 'r2', createdAt: '2025-10-02T09:00:00' })
    await appendEvidenceRecord(first.dir, { ...review, kind: 'reopen' }, SIGNER)
    const report = await verifyEvidence(second.dir, { previousManifest: first.dir })
    expect(report.chain).toMatchObject({ previousAppendix: { runId: 'r1', records: 2, headSha256: head.sha256 }, ok: true })
  })

  it("breaks when the previous run's trail was cut after the next run was sealed, naming the record", async () => {
    const root = await temp()
    const first = await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    const review = { kind: 'review' as const, at: '2025-10-01T10:00:00', actor: 'rev', payload: { n: 1 } }
    await appendEvidenceRecord(first.dir, review, SIGNER)
    const sealOfOne = await readFile(join(first.dir, 'appendix/seal.json'))
    await appendEvidenceRecord(first.dir, { ...review, kind: 'signoff' }, SIGNER)
    const second = await runOf(root, { runId: 'r2', createdAt: '2025-10-02T09:00:00' })
    // Rolled back to the state before the sign-off, seal included: the old package alone looks whole.
    await rm(join(first.dir, 'appendix/000002-signoff.json'))
    await writeFile(join(first.dir, 'appendix/seal.json'), sealOfOne)
    expect((await verifyEvidence(first.dir)).ok).toBe(true)
    const report = await verifyEvidence(second.dir, { previousManifest: first.dir })
    expect(report.chain.ok).toBe(false)
    expect(report.problems).toEqual([
      expect.stringContaining("the previous run's appendix has no record 2, but this manifest records its head as record 2"),
    ])
  })

  it('breaks when the given previous run is of another period', async () => {
    const root = await temp()
    const august = await runOf(root, { runId: 'r0', period: '2025-08', createdAt: '2025-09-01T09:00:00' })
    const september = await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    const report = await verifyEvidence(september.dir, { previousManifest: august.dir })
    expect(report.chain.ok).toBe(false)
    expect(report.problems).toContainEqual(
      'manifest.json records no previous run, but a previous manifest (sha256 ' + august.manifestSha256 + ') was given',
    )
  })

  it('is not checked when no previous manifest is given', async () => {
    const root = await temp()
    await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    const second = await runOf(root, { runId: 'r2', createdAt: '2025-10-02T09:00:00' })
    expect((await verifyEvidence(second.dir)).chain).toMatchObject({ checked: false, ok: null })
  })
})

describe('verifyPeriodChain', () => {
  it('an unbroken chain of three runs verifies', async () => {
    const root = await temp()
    for (const [runId, day] of [
      ['r1', '01'],
      ['r2', '02'],
      ['r3', '03'],
    ] as const) {
      await runOf(root, { runId, createdAt: `2025-10-${day}T09:00:00` })
    }
    expect(await verifyPeriodChain(root, '2025-09')).toEqual({ runs: 3, ok: true, problems: [] })
  })

  it("names the run whose link does not match its predecessor's manifest", async () => {
    const root = await temp()
    await runOf(root, { runId: 'r1', createdAt: '2025-10-01T09:00:00' })
    await runOf(root, { runId: 'r2', createdAt: '2025-10-02T09:00:00' })
    const manifest = join(evidenceDir(root, '2025-09', 'r1'), 'manifest.json')
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('0.1.0', '9.9.9'))
    const result = await verifyPeriodChain(root, '2025-09')
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([expect.stringMatching(/^run r2 links to [0-9a-f]{64}, but the previous link is run r1's manifest/)])
  })
})

describe('evidenceDir', () => {
  it('is <root>/<period>/<runId>/evidence', () => {
    expect(evidenceDir('/data/runs', '2025-09', 'r-1')).toBe('/data/runs/2025-09/r-1/evidence')
  })

  it('refuses a run id that would leave the folder', () => {
    expect(() => evidenceDir('/data/runs', '2025-09', '../x')).toThrow(expect.objectContaining({ code: 'TIEOUT_ERR_BAD_INPUT' }))
  })
})
