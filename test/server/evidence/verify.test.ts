import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import yazl from 'yazl'
import { appendEvidenceRecord } from '../../../server/evidence/appendix.ts'
import { sha256Hex } from '../../../server/evidence/hash.ts'
import { verifyEvidence } from '../../../server/evidence/verify.ts'
import { zipEvidence } from '../../../server/evidence/zip.ts'
import { useTempDirs, writeSample, SIGNER } from './helpers.ts'

const temp = useTempDirs()

async function flipOneByte(file: string): Promise<Buffer> {
  const original = await readFile(file)
  const changed = Buffer.from(original)
  const at = Math.floor(changed.length / 2)
  changed[at] = (changed[at] ?? 0) ^ 0x01
  await writeFile(file, changed)
  return original
}

async function editManifest(dir: string, edit: (manifest: Record<string, unknown>) => void): Promise<void> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>
  edit(manifest)
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
}

describe('verifyEvidence on a folder', () => {
  it('an untouched package verifies, with every file checked and the manifest hash shown', async () => {
    const { dir, written } = await writeSample(temp)
    const report = await verifyEvidence(dir)
    expect(report).toMatchObject({
      ok: true,
      source: 'dir',
      manifestSha256: written.manifestSha256,
      runId: 'run-1',
      period: '2025-09',
      checkedFiles: 11,
      changed: [],
      missing: [],
      added: [],
      problems: [],
    })
  })

  it('names every file that changed by one byte', async () => {
    const { dir, written } = await writeSample(temp)
    for (const { path } of written.files) {
      const original = await flipOneByte(join(dir, path))
      const report = await verifyEvidence(dir)
      expect(report.ok, path).toBe(false)
      expect(report.changed, path).toEqual([path])
      expect(report.problems[0], path).toContain(`${path} changed: sha256`)
      await writeFile(join(dir, path), original)
    }
    expect((await verifyEvidence(dir)).ok).toBe(true)
  })

  it('names a file whose size changed', async () => {
    const { dir } = await writeSample(temp)
    await writeFile(join(dir, 'results/Summary.csv'), 'entity,status\nEC_NG,OK\nEC_KE,OK\n')
    const report = await verifyEvidence(dir)
    expect(report.changed).toEqual(['results/Summary.csv'])
    expect(report.problems[0]).toMatch(/results\/Summary\.csv changed: \d+ bytes, the manifest says \d+/)
  })

  it('names a file that went missing', async () => {
    const { dir } = await writeSample(temp)
    await rm(join(dir, 'quality/CR_03.json'))
    const report = await verifyEvidence(dir)
    expect(report).toMatchObject({ ok: false, missing: ['quality/CR_03.json'], changed: [], checkedFiles: 10 })
    expect(report.problems).toEqual(['quality/CR_03.json is listed in the manifest but missing'])
  })

  it('names a file that was added', async () => {
    const { dir } = await writeSample(temp)
    await writeFile(join(dir, 'extracts/IPE_07.csv'), 'id_company\nEC_NG\n')
    const report = await verifyEvidence(dir)
    expect(report).toMatchObject({ ok: false, added: ['extracts/IPE_07.csv'], changed: [], missing: [] })
    expect(report.problems).toEqual(['extracts/IPE_07.csv is present but not listed in the manifest'])
  })

  it('detects a manifest edited to match a changed file, through the appendix chain', async () => {
    const { dir } = await writeSample(temp)
    await appendEvidenceRecord(dir, { kind: 'review', at: '2025-10-02T10:00:00', actor: 'reviewer@x', payload: { n: 1 } }, SIGNER)
    await writeFile(join(dir, 'results/Summary.csv'), 'forged\n')
    await editManifest(dir, (manifest) => {
      const files = manifest.files as { path: string; size: number; sha256: string }[]
      const entry = files.find((file) => file.path === 'results/Summary.csv')
      if (entry) Object.assign(entry, { size: 7, sha256: sha256Hex('forged\n') })
    })
    const report = await verifyEvidence(dir)
    expect(report.changed).toEqual([])
    expect(report.ok).toBe(false)
    expect(report.appendix.broken).toEqual([
      expect.stringContaining('appendix/000001-review.json does not chain to manifest.json'),
      'appendix/seal.json belongs to another package (another manifest hash)',
    ])
  })

  it('detects a manifest edited before any review, through the seal and against the hash the auditor kept', async () => {
    const { dir, written } = await writeSample(temp)
    await editManifest(dir, (manifest) => {
      manifest.createdAt = '2025-09-30T23:00:00'
    })
    const report = await verifyEvidence(dir, { expectedManifestSha256: written.manifestSha256 })
    expect(report.ok).toBe(false)
    expect(report.problems).toEqual([
      expect.stringContaining(`not the expected ${written.manifestSha256}: the manifest was replaced`),
      'appendix/seal.json belongs to another package (another manifest hash)',
    ])
  })

  it('a manifest whose entry hash was edited names that file as changed', async () => {
    const { dir } = await writeSample(temp)
    await editManifest(dir, (manifest) => {
      const files = manifest.files as { path: string; sha256: string }[]
      const entry = files.find((file) => file.path === 'run.json')
      if (entry) entry.sha256 = '0'.repeat(64)
    })
    expect((await verifyEvidence(dir)).changed).toEqual(['run.json'])
  })

  it('a manifest that is not JSON is reported, not thrown', async () => {
    const { dir } = await writeSample(temp)
    await writeFile(join(dir, 'manifest.json'), '{ "runId": ')
    const report = await verifyEvidence(dir)
    expect(report).toMatchObject({ ok: false, runId: null, checkedFiles: 0, problems: ['manifest.json is not valid JSON'] })
  })

  it('a manifest listing a path outside the package is reported', async () => {
    const { dir } = await writeSample(temp)
    await editManifest(dir, (manifest) => {
      ;(manifest.files as unknown[]).push({ path: '../../etc/passwd', size: 1, sha256: '0'.repeat(64) })
    })
    const report = await verifyEvidence(dir)
    expect(report.ok).toBe(false)
    expect(report.problems).toContainEqual(expect.stringContaining('"../../etc/passwd" is not a relative posix path'))
  })

  it('verifying through manifest.json checks its folder', async () => {
    const { dir } = await writeSample(temp)
    expect((await verifyEvidence(join(dir, 'manifest.json'))).ok).toBe(true)
  })
})

describe('verifyEvidence on a zip', () => {
  it('an untouched zipped package verifies', async () => {
    const { dir, written, work } = await writeSample(temp)
    await appendEvidenceRecord(dir, { kind: 'signoff', at: '2025-10-03T10:00:00', actor: 'rev', payload: {} }, SIGNER)
    const zip = join(work, 'evidence.zip')
    await zipEvidence(dir, zip)
    const report = await verifyEvidence(zip)
    expect(report).toMatchObject({ ok: true, source: 'zip', manifestSha256: written.manifestSha256, checkedFiles: 11 })
    expect(report.appendix).toMatchObject({ records: 1, broken: [] })
  })

  it('a zip of a tampered package names the changed, missing and added files', async () => {
    const { dir, work } = await writeSample(temp)
    await flipOneByte(join(dir, 'extracts/CR_03.csv'))
    await rm(join(dir, 'steps.json'))
    await writeFile(join(dir, 'notes.txt'), 'x')
    const zip = join(work, 'evidence.zip')
    await zipEvidence(dir, zip)
    const report = await verifyEvidence(zip)
    expect(report).toMatchObject({ ok: false, changed: ['extracts/CR_03.csv'], missing: ['steps.json'], added: ['notes.txt'] })
  })

  it('a copy of the package elsewhere verifies: nothing ties it to its folder', async () => {
    const { dir, work } = await writeSample(temp)
    const unpacked = join(work, 'copy')
    await mkdir(unpacked)
    await cp(dir, unpacked, { recursive: true })
    expect((await verifyEvidence(unpacked)).ok).toBe(true)
  })

  it('a zip with the package at its root (no top folder) verifies', async () => {
    const { dir, work } = await writeSample(temp)
    const zip = new yazl.ZipFile()
    for (const path of ['manifest.json', 'appendix/seal.json', ...(await manifestPaths(dir))]) zip.addFile(join(dir, path), path)
    zip.end()
    await pipeline(zip.outputStream, createWriteStream(join(work, 'root.zip')))
    expect(await verifyEvidence(join(work, 'root.zip'))).toMatchObject({ ok: true, checkedFiles: 11 })
  })
})

async function manifestPaths(dir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string }[] }
  return manifest.files.map((file) => file.path)
}

describe('what verify refuses to take as a package', () => {
  it('a crash mid-write (only <dir>.partial exists) is not a package', async () => {
    const work = await temp()
    const dir = join(work, 'evidence')
    await mkdir(`${dir}.partial/extracts`, { recursive: true })
    await writeFile(`${dir}.partial/manifest.json`, '{}')
    await expect(verifyEvidence(dir)).rejects.toMatchObject({
      code: 'TIEOUT_ERR_EVIDENCE',
      message: expect.stringContaining('unfinished write'),
    })
    await expect(verifyEvidence(`${dir}.partial`)).rejects.toMatchObject({ code: 'TIEOUT_ERR_EVIDENCE' })
  })

  it('a folder without manifest.json is not a package', async () => {
    const work = await temp()
    await writeFile(join(work, 'run.json'), '{}')
    await expect(verifyEvidence(work)).rejects.toMatchObject({
      code: 'TIEOUT_ERR_EVIDENCE',
      message: expect.stringContaining('no manifest.json'),
    })
  })

  it('a path that does not exist is not found', async () => {
    const work = await temp()
    await expect(verifyEvidence(join(work, 'nothing'))).rejects.toMatchObject({ code: 'TIEOUT_ERR_NOT_FOUND' })
  })

  it('a file that is not a zip is refused', async () => {
    const work = await temp()
    await writeFile(join(work, 'evidence.zip'), 'not a zip')
    await expect(verifyEvidence(join(work, 'evidence.zip'))).rejects.toMatchObject({ code: 'TIEOUT_ERR_EVIDENCE' })
  })
})
