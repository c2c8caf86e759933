import { existsSync } from 'node:fs'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../server/evidence/hash.ts'
import { writeEvidencePackage } from '../../../server/evidence/write.ts'
import { canonicalCsv, packageInput, useTempDirs, writeSample, SIGNER } from './helpers.ts'

const temp = useTempDirs()

describe('writeEvidencePackage', () => {
  it('lists every file with path, size and SHA-256, sorted by path', async () => {
    const { dir, written } = await writeSample(temp)
    const csv = await readFile(join(dir, 'extracts/CR_03.csv'))
    expect(written.files.map((file) => file.path)).toEqual([
      'config/thresholds-DEFAULT.json',
      'extracts/CR_03.csv',
      'extracts/CR_03.params.json',
      'extracts/CR_03.query.sql',
      'quality/CR_03.json',
      'results/Summary.csv',
      'results/result.json',
      'results/workbook.xlsx',
      'run.json',
      'signing-key.json',
      'steps.json',
    ])
    expect(written.files).toContainEqual({ path: 'extracts/CR_03.csv', size: csv.length, sha256: sha256Hex(csv) })
  })

  it('copies the extract byte for byte', async () => {
    const { dir, work } = await writeSample(temp)
    expect(await readFile(join(dir, 'extracts/CR_03.csv'))).toEqual(await readFile(join(work, 'CR_03.csv')))
  })

  it("the manifest's own hash is the SHA-256 of manifest.json's bytes", async () => {
    const { dir, written } = await writeSample(temp)
    expect(written.manifestSha256).toBe(sha256Hex(await readFile(join(dir, 'manifest.json'))))
  })

  it("records run id, period, created-at, product version, the previous run's manifest hash and appendix head, and the signing key", async () => {
    const previous = 'a'.repeat(64)
    const previousAppendix = { runId: 'run-6', records: 3, headSha256: 'b'.repeat(64) }
    const { dir } = await writeSample(temp, { runId: 'run-7', previousManifestSha256: previous, previousAppendix })
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>
    expect(manifest).toEqual(
      expect.objectContaining({
        format: 'tieout-evidence/2',
        runId: 'run-7',
        period: '2025-09',
        createdAt: '2025-10-01T09:00:00',
        productVersion: '0.1.0',
        previousManifestSha256: previous,
        previousAppendix,
        signingKeyFingerprint: SIGNER.fingerprint,
      }),
    )
    const key = JSON.parse(await readFile(join(dir, 'signing-key.json'), 'utf8')) as Record<string, unknown>
    expect(key).toEqual({ algorithm: 'Ed25519', fingerprint: SIGNER.fingerprint, publicKeyPem: SIGNER.publicKeyPem })
  })

  it('refuses a link to a previous manifest without its appendix head', async () => {
    const work = await temp()
    const input = await packageInput(work, { previousManifestSha256: 'a'.repeat(64) })
    await expect(writeEvidencePackage(join(work, 'evidence'), input)).rejects.toMatchObject({ code: 'TIEOUT_ERR_BAD_INPUT' })
  })

  it('the same inputs give the same manifest hash', async () => {
    const first = await writeSample(temp)
    const second = await writeSample(temp)
    expect(second.written.manifestSha256).toBe(first.written.manifestSha256)
  })

  it('hashes a file larger than one read chunk correctly', async () => {
    const work = await temp()
    const big = join(work, 'big.csv')
    const content = canonicalCsv(200_000)
    await writeFile(big, content)
    const input = await packageInput(work, { files: [{ path: 'extracts/IPE_08.csv', source: { file: big } }] })
    const written = await writeEvidencePackage(join(work, 'evidence'), input)
    expect(written.files[0]).toEqual({ path: 'extracts/IPE_08.csv', size: Buffer.byteLength(content), sha256: sha256Hex(content) })
  })

  it('hard-links a file when asked and the file system allows it', async () => {
    const work = await temp()
    const csv = join(work, 'CR_04.csv')
    await writeFile(csv, canonicalCsv(3))
    const input = await packageInput(work, { files: [{ path: 'extracts/CR_04.csv', source: { file: csv, link: true } }] })
    await writeEvidencePackage(join(work, 'evidence'), input)
    expect((await stat(join(work, 'evidence/extracts/CR_04.csv'))).ino).toBe((await stat(csv)).ino)
  })

  it('lists a linked file with the digest it was written with, and rehashes it when its size says otherwise', async () => {
    const work = await temp()
    const csv = join(work, 'CR_04.csv')
    const bytes = canonicalCsv(3)
    await writeFile(csv, bytes)
    const written = { size: Buffer.byteLength(bytes), sha256: sha256Hex(bytes) }
    const stale = { size: written.size + 1, sha256: sha256Hex('something else') }
    const input = await packageInput(work, {
      files: [
        { path: 'extracts/CR_04.csv', source: { file: csv, link: true, written } },
        { path: 'extracts/CR_05.csv', source: { file: csv, link: true, written: stale } },
      ],
    })
    const { files } = await writeEvidencePackage(join(work, 'evidence'), input)
    expect(files.find((file) => file.path === 'extracts/CR_04.csv')).toEqual({ path: 'extracts/CR_04.csv', ...written })
    expect(files.find((file) => file.path === 'extracts/CR_05.csv')).toEqual({ path: 'extracts/CR_05.csv', ...written })
  })

  it('an existing sealed package is never overwritten', async () => {
    const { dir, work } = await writeSample(temp)
    const before = await readFile(join(dir, 'manifest.json'))
    await expect(writeEvidencePackage(dir, await packageInput(work, { runId: 'other' }))).rejects.toMatchObject({
      code: 'TIEOUT_ERR_CONFLICT',
    })
    expect(await readFile(join(dir, 'manifest.json'))).toEqual(before)
  })

  it('a failed write leaves neither a package nor a partial folder', async () => {
    const work = await temp()
    const dir = join(work, 'evidence')
    const files = [
      { path: 'run.json', source: { bytes: '{}' } },
      { path: 'extracts/CR_03.csv', source: { file: join(work, 'absent.csv') } },
    ]
    await expect(writeEvidencePackage(dir, await packageInput(work, { files }))).rejects.toMatchObject({
      code: 'TIEOUT_ERR_EVIDENCE',
      message: expect.stringContaining('extracts/CR_03.csv'),
    })
    expect(existsSync(dir)).toBe(false)
    expect(existsSync(`${dir}.partial`)).toBe(false)
  })

  it('a partial folder left by a crash is discarded and the package written', async () => {
    const work = await temp()
    const dir = join(work, 'evidence')
    await mkdir(`${dir}.partial/extracts`, { recursive: true })
    await writeFile(`${dir}.partial/extracts/CR_03.csv`, 'half a fi')
    const written = await writeEvidencePackage(dir, await packageInput(work))
    expect(written.files).toHaveLength(11)
    expect(existsSync(`${dir}.partial`)).toBe(false)
  })

  it.each([
    ['../outside.csv'],
    ['/etc/passwd'],
    ['extracts\\CR_03.csv'],
    ['extracts//CR_03.csv'],
    ['.hidden'],
    ['manifest.json'],
    ['appendix/000001-review.json'],
  ])('refuses the file path %s', async (path) => {
    const work = await temp()
    const input = await packageInput(work, { files: [{ path, source: { bytes: 'x' } }] })
    await expect(writeEvidencePackage(join(work, 'evidence'), input)).rejects.toMatchObject({ code: 'TIEOUT_ERR_BAD_INPUT' })
  })

  it('refuses two files whose paths differ only in case', async () => {
    const work = await temp()
    const files = [
      { path: 'results/Summary.csv', source: { bytes: 'a' } },
      { path: 'results/summary.csv', source: { bytes: 'b' } },
    ]
    await expect(writeEvidencePackage(join(work, 'evidence'), await packageInput(work, { files }))).rejects.toMatchObject({
      code: 'TIEOUT_ERR_BAD_INPUT',
      message: expect.stringContaining('results/summary.csv'),
    })
  })

  it.each([[{ period: '2025/09' }], [{ createdAt: '01/10/2025' }], [{ previousManifestSha256: 'not-a-hash' }], [{ runId: ' ' }]])(
    'refuses invalid run metadata %o',
    async (override) => {
      const work = await temp()
      await expect(writeEvidencePackage(join(work, 'evidence'), await packageInput(work, override))).rejects.toMatchObject({
        code: 'TIEOUT_ERR_BAD_INPUT',
      })
    },
  )
})
