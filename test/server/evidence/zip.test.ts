import { createWriteStream } from 'node:fs'
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { crc32 } from 'node:zlib'
import yauzl from 'yauzl'
import { describe, expect, it } from 'vitest'
import { appendEvidenceRecord } from '../../../server/evidence/appendix.ts'
import { sha256Hex } from '../../../server/evidence/hash.ts'
import { DEFLATE_LEVEL, evidenceZipStream, zipEvidence } from '../../../server/evidence/zip.ts'
import { deflateAhead } from '../../../server/evidence/zip-ahead.ts'
import { EVIDENCE_PATHS } from '../../../server/evidence/layout.ts'
import { writeEvidencePackage } from '../../../server/evidence/write.ts'
import { canonicalCsv, packageInput, sampleFiles, useTempDirs, writeSample, SIGNER } from './helpers.ts'

const temp = useTempDirs()

async function entriesOf(zipPath: string): Promise<{ names: string[]; comment: string; times: string[] }> {
  const zip = await yauzl.openPromise(zipPath)
  const names: string[] = []
  const times: string[] = []
  for await (const entry of zip.eachEntry()) {
    names.push(entry.fileName)
    times.push(`${entry.lastModFileDate}/${entry.lastModFileTime}`)
  }
  zip.close()
  return { names, comment: zip.comment, times }
}

describe('zipEvidence', () => {
  it('the same package gives the same zip bytes', async () => {
    const { dir, work } = await writeSample(temp)
    const first = await zipEvidence(dir, join(work, 'a.zip'))
    const second = await zipEvidence(dir, join(work, 'b.zip'))
    expect(second).toEqual(first)
    expect(await readFile(join(work, 'b.zip'))).toEqual(await readFile(join(work, 'a.zip')))
  })

  it('gives the same bytes in another time zone', async () => {
    const { dir, work } = await writeSample(temp)
    const zone = process.env.TZ
    try {
      process.env.TZ = 'Africa/Lagos'
      const lagos = await zipEvidence(dir, join(work, 'lagos.zip'))
      process.env.TZ = 'America/Los_Angeles'
      const losAngeles = await zipEvidence(dir, join(work, 'la.zip'))
      expect(losAngeles.sha256).toBe(lagos.sha256)
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it('holds every file in path order under one top folder, appendix included, stamped with createdAt', async () => {
    const { dir, work } = await writeSample(temp)
    await appendEvidenceRecord(dir, { kind: 'review', at: '2025-10-02T10:00:00', actor: 'rev', payload: {} }, SIGNER)
    await zipEvidence(dir, join(work, 'e.zip'))
    const { names, times } = await entriesOf(join(work, 'e.zip'))
    const top = 'tieout-evidence-2025-09-run-1/'
    expect(names).toEqual([
      `${top}appendix/000001-review.json`,
      `${top}appendix/seal.json`,
      `${top}config/thresholds-DEFAULT.json`,
      `${top}extracts/CR_03.csv`,
      `${top}extracts/CR_03.params.json`,
      `${top}extracts/CR_03.query.sql`,
      `${top}manifest.json`,
      `${top}quality/CR_03.json`,
      `${top}results/Summary.csv`,
      `${top}results/result.json`,
      `${top}results/workbook.xlsx`,
      `${top}run.json`,
      `${top}signing-key.json`,
      `${top}steps.json`,
    ])
    // 2025-10-01T09:00:00 in DOS form: date (45 << 9 | 10 << 5 | 1), time (9 << 11).
    expect(new Set(times)).toEqual(new Set([`${(45 << 9) | (10 << 5) | 1}/${9 << 11}`]))
  })

  it('stores the workbook as it is (already deflated) and deflates the rest, every entry intact', async () => {
    const { dir, work } = await writeSample(temp)
    await zipEvidence(dir, join(work, 'm.zip'))
    const zip = await yauzl.openPromise(join(work, 'm.zip'))
    const methods = new Map<string, number>()
    for await (const entry of zip.eachEntry()) {
      methods.set(entry.fileName.replace(/^[^/]+\//, ''), entry.compressionMethod)
      const bytes = Buffer.concat(await (await zip.openReadStreamPromise(entry)).toArray())
      expect(bytes, entry.fileName).toEqual(await readFile(join(dir, entry.fileName.replace(/^[^/]+\//, ''))))
    }
    zip.close()
    expect(methods.get('results/workbook.xlsx')).toBe(0)
    expect(methods.get('extracts/CR_03.csv')).toBe(8)
  })

  it('deflates a file larger than one deflate piece into one stream with its CRC-32 and sizes', async () => {
    const work = await temp()
    const large = join(work, 'CR_03-large.csv')
    // About 3.6 MB: cut into several pieces deflated side by side and joined.
    await writeFile(large, canonicalCsv(150_000))
    const files = (await sampleFiles(work)).map((file) =>
      file.path === 'extracts/CR_03.csv' ? { ...file, source: { file: large } } : file,
    )
    const dir = join(work, 'evidence')
    await writeEvidencePackage(dir, await packageInput(work, { files }))
    await zipEvidence(dir, join(work, 'large.zip'))
    const zip = await yauzl.openPromise(join(work, 'large.zip'))
    const original = await readFile(large)
    let seen = false
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('/extracts/CR_03.csv')) continue
      seen = true
      const bytes = Buffer.concat(await (await zip.openReadStreamPromise(entry)).toArray())
      expect(bytes.equals(original)).toBe(true)
      expect(entry.crc32).toBe(crc32(original))
      expect(entry.uncompressedSize).toBe(original.length)
      expect(entry.compressedSize).toBeLessThan(original.length / 3)
    }
    zip.close()
    expect(seen).toBe(true)
  })

  it('carries the manifest hash in the zip comment', async () => {
    const { dir, work, written } = await writeSample(temp)
    await zipEvidence(dir, join(work, 'e.zip'))
    expect((await entriesOf(join(work, 'e.zip'))).comment).toBe(`tieout evidence, manifest sha256 ${written.manifestSha256}`)
  })

  it('reports the size and SHA-256 of the zip it wrote', async () => {
    const { dir, work } = await writeSample(temp)
    const result = await zipEvidence(dir, join(work, 'e.zip'))
    const bytes = await readFile(join(work, 'e.zip'))
    expect(result).toEqual({ bytes: bytes.length, sha256: sha256Hex(bytes) })
  })

  it('refuses to write the zip inside the package', async () => {
    const { dir } = await writeSample(temp)
    await expect(zipEvidence(dir, join(dir, 'evidence.zip'))).rejects.toMatchObject({ code: 'TIEOUT_ERR_BAD_INPUT' })
  })

  it('refuses a folder that is not a sealed package', async () => {
    const { dir, work } = await writeSample(temp)
    await rm(join(dir, 'manifest.json'))
    await expect(zipEvidence(dir, join(work, 'e.zip'))).rejects.toMatchObject({ code: 'TIEOUT_ERR_NOT_FOUND' })
  })
})

describe('evidenceZipStream', () => {
  it('streams the same bytes as zipEvidence writes', async () => {
    const { dir, work } = await writeSample(temp)
    const written = await zipEvidence(dir, join(work, 'file.zip'))
    await pipeline(evidenceZipStream(dir), createWriteStream(join(work, 'stream.zip')))
    expect(sha256Hex(await readFile(join(work, 'stream.zip')))).toBe(written.sha256)
  })

  it('reports a missing package as a stream error', async () => {
    const work = await temp()
    await expect(pipeline(evidenceZipStream(join(work, 'none')), createWriteStream(join(work, 'x.zip')))).rejects.toMatchObject({
      code: 'TIEOUT_ERR_NOT_FOUND',
    })
  })
})

describe('evidenceZipStream when the download is aborted', () => {
  it('stops without an error reaching the caller', async () => {
    const { dir } = await writeSample(temp)
    const stream = evidenceZipStream(dir) as Readable
    const errors: unknown[] = []
    stream.on('error', (error) => errors.push(error))
    await new Promise<void>((done) => stream.once('data', () => done()))
    stream.destroy()
    await new Promise((done) => setImmediate(done))
    expect(errors).toEqual([])
  })
})

describe('zipEvidence with extracts deflated ahead', () => {
  /** A package whose two extracts are linked from the run's folder, as the evidence step does. */
  async function linkedPackage(work: string): Promise<{ dir: string; extracts: { path: string; file: string }[] }> {
    const extracts = [
      // Over two deflate pieces of 1 MiB, and a small one.
      { path: EVIDENCE_PATHS.extractCsv('CR_03'), file: join(work, 'extracts', 'CR_03.csv'), rows: 130_000 },
      { path: EVIDENCE_PATHS.extractCsv('IPE_07'), file: join(work, 'extracts', 'IPE_07.csv'), rows: 40 },
    ]
    const files = (await sampleFiles(work)).filter((file) => file.path !== EVIDENCE_PATHS.extractCsv('CR_03'))
    await mkdir(join(work, 'extracts'))
    for (const extract of extracts) await writeFile(extract.file, canonicalCsv(extract.rows))
    files.push(...extracts.map(({ path, file }) => ({ path, source: { file, link: true } })))
    const dir = join(work, 'evidence')
    await writeEvidencePackage(dir, await packageInput(work, { files }))
    return { dir, extracts: extracts.map(({ path, file }) => ({ path, file })) }
  }

  it('gives the same bytes as deflating them when the zip is written, and deflates again a file changed since', async () => {
    const work = await temp()
    const { dir, extracts } = await linkedPackage(work)
    const ahead = deflateAhead(extracts, join(work, 'ahead'), DEFLATE_LEVEL)
    const deflated = await ahead.settled()
    expect([...deflated.keys()].sort()).toEqual(extracts.map((extract) => extract.path).sort())

    await zipEvidence(dir, join(work, 'plain.zip'))
    await zipEvidence(dir, join(work, 'ahead.zip'), deflated)
    expect(await readFile(join(work, 'ahead.zip'))).toEqual(await readFile(join(work, 'plain.zip')))

    // The package's copy of IPE_07 (the same file, linked) changes: what was deflated ahead is not used.
    await appendFile(join(dir, 'extracts', 'IPE_07.csv'), 'EC_NG,999,1.00\n')
    await zipEvidence(dir, join(work, 'plain-changed.zip'))
    await zipEvidence(dir, join(work, 'ahead-changed.zip'), deflated)
    const changed = await readFile(join(work, 'ahead-changed.zip'))
    expect(changed).toEqual(await readFile(join(work, 'plain-changed.zip')))
    expect(changed).not.toEqual(await readFile(join(work, 'plain.zip')))
    await ahead.discard()
    await expect(readFile(deflated.get(extracts[0]?.path ?? '')?.part ?? '')).rejects.toThrow(/ENOENT/)
  })

  it('gives the same bytes when only the first pieces of a file were deflated ahead', async () => {
    const work = await temp()
    const { dir, extracts } = await linkedPackage(work)
    // One piece of CR_03 (1 MiB of its 2.4 MB), none of IPE_07.
    const ahead = deflateAhead(extracts, join(work, 'ahead'), DEFLATE_LEVEL, 1)
    const deflated = await ahead.settled()
    expect([...deflated.values()].map(({ path, complete, size }) => ({ path, complete, size }))).toEqual([
      { path: EVIDENCE_PATHS.extractCsv('CR_03'), complete: false, size: 1 << 20 },
    ])
    await zipEvidence(dir, join(work, 'plain.zip'))
    await zipEvidence(dir, join(work, 'ahead.zip'), deflated)
    expect(await readFile(join(work, 'ahead.zip'))).toEqual(await readFile(join(work, 'plain.zip')))
    await ahead.discard()
  })
})
