import { createWriteStream } from 'node:fs'
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import yazl from 'yazl'
import { appendEvidenceRecord } from '../../../server/evidence/appendix.ts'
import { signedJson } from '../../../server/evidence/appendix-chain.ts'
import { evidenceDir, latestLink } from '../../../server/evidence/chain.ts'
import { sha256Hex } from '../../../server/evidence/hash.ts'
import type { EvidenceSigner } from '../../../server/evidence/signing.ts'
import { verifyEvidence } from '../../../server/evidence/verify.ts'
import { writeEvidencePackage } from '../../../server/evidence/write.ts'
import { zipEvidence } from '../../../server/evidence/zip.ts'
import { tieout } from '../cli/cli.ts'
import { newSigner, packageInput, SIGNER, useTempDirs } from './helpers.ts'

/**
 * Each way an attacker with write access to the evidence store could cut or forge a sign-off
 * trail, on a folder and on the zip an auditor downloads: `verify` must fail and name the record
 * or file at fault. Only what needs an outside anchor takes the expected hashes.
 */
const temp = useTempDirs()

/** Run ids as the engine makes them (UUIDs): the evidence store's folders are named by them. */
const RUN_A = '1b4e28ba-2fa1-41d2-883f-0016d3cca427'
const RUN_B = '6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b'

const at = (minute: number) => `2025-10-02T10:${String(minute).padStart(2, '0')}:00`

/** A run's package at `<root>/2025-09/<runId>/evidence` with review, review, sign-off appended. */
async function signedOffRun(root: string, runId = RUN_A, signer: EvidenceSigner = SIGNER) {
  const dir = evidenceDir(root, '2025-09', runId)
  const written = await writeEvidencePackage(dir, await packageInput(root, { runId, ...(await latestLink(root, '2025-09')), signer }))
  await appendEvidenceRecord(
    dir,
    { kind: 'review', at: at(1), actor: 'rev@x', payload: { runId, lineKey: 'timing|EC_NG|V-1', status: 'Explained' } },
    signer,
  )
  await appendEvidenceRecord(
    dir,
    { kind: 'review', at: at(2), actor: 'rev@x', payload: { runId, lineKey: 'timing|EC_NG|V-2', status: 'Accepted' } },
    signer,
  )
  const signoff = await appendEvidenceRecord(dir, { kind: 'signoff', at: at(3), actor: 'rev@x', payload: { runId, comment: 'ok' } }, signer)
  return { dir, manifestSha256: written.manifestSha256, head: signoff.sha256 }
}

type Variant = 'folder' | 'zip'

/** The package as the auditor checks it: the folder itself, or the zip made of it. */
async function checked(dir: string, variant: Variant, options: Parameters<typeof verifyEvidence>[1] = {}) {
  if (variant === 'folder') return verifyEvidence(dir, options)
  const zip = join(dir, '..', 'package.zip')
  await zipEvidence(dir, zip)
  return verifyEvidence(zip, options)
}

const appendix = (dir: string, name: string) => join(dir, 'appendix', name)

describe.each<Variant>(['folder', 'zip'])('tampering with the sign-off trail (%s)', (variant) => {
  it('an untouched package verifies offline', async () => {
    const { dir, manifestSha256, head } = await signedOffRun(await temp())
    const report = await checked(dir, variant, { expect: { manifestSha256, appendixHeadSha256: head, keyFingerprint: SIGNER.fingerprint } })
    expect(report.problems).toEqual([])
    expect(report).toMatchObject({
      ok: true,
      manifestSha256,
      keyFingerprint: SIGNER.fingerprint,
      appendix: { records: 3, headSha256: head },
    })
  })

  it('edit of the last record: names it (signature and sealed head)', async () => {
    const { dir } = await signedOffRun(await temp())
    const file = appendix(dir, '000003-signoff.json')
    await writeFile(file, (await readFile(file, 'utf8')).replace('"comment": "ok"', '"comment": "ok, all fine"'))
    const report = await checked(dir, variant)
    expect(report.ok).toBe(false)
    expect(report.problems).toEqual([
      "appendix/000003-signoff.json has no valid signature: it was edited or forged without the server's key",
      expect.stringMatching(
        /^appendix\/000003-signoff\.json hashes to [0-9a-f]{64}, not the sealed head [0-9a-f]{64}: it was edited or replaced$/,
      ),
    ])
  })

  it('deletion of the last record (the sign-off): names it as missing at the tail', async () => {
    const { dir, head } = await signedOffRun(await temp())
    await rm(appendix(dir, '000003-signoff.json'))
    const report = await checked(dir, variant)
    expect(report.ok).toBe(false)
    expect(report.problems).toEqual([`appendix: record 3 is missing at the tail (the seal counts 3 record(s), head ${head})`])
  })

  it('deletion of a record in the middle: names it and the broken link', async () => {
    const { dir } = await signedOffRun(await temp())
    await rm(appendix(dir, '000002-review.json'))
    const report = await checked(dir, variant)
    expect(report.problems).toEqual([
      'appendix: record 2 is missing',
      expect.stringContaining('appendix/000003-signoff.json does not chain to appendix/000001-review.json'),
    ])
  })

  it('deletion of every record: the seal still counts them', async () => {
    const { dir } = await signedOffRun(await temp())
    for (const name of ['000001-review.json', '000002-review.json', '000003-signoff.json']) await rm(appendix(dir, name))
    const report = await checked(dir, variant)
    expect(report.problems).toEqual([
      expect.stringContaining('appendix: records 1 to 3 are missing at the tail (the seal counts 3 record(s)'),
    ])
  })

  it('deletion of the whole appendix, seal included: names the missing seal', async () => {
    const { dir } = await signedOffRun(await temp())
    await rm(join(dir, 'appendix'), { recursive: true })
    const report = await checked(dir, variant)
    expect(report.problems).toEqual([
      'appendix/seal.json is missing: the end of the appendix cannot be checked (records may have been cut)',
    ])
  })

  it('a forged sign-off with the right previous hash, signed with another key: names the record', async () => {
    const { dir, head } = await signedOffRun(await temp())
    const forger = newSigner()
    const forged = signedJson(
      {
        seq: 4,
        kind: 'signoff',
        at: at(9),
        actor: 'boss@x',
        payload: { comment: 'forged' },
        previousRecordSha256: head,
        keyFingerprint: forger.fingerprint,
      },
      forger,
    )
    await writeFile(appendix(dir, '000004-signoff.json'), forged)
    const report = await checked(dir, variant)
    expect(report.problems).toEqual([
      `appendix/000004-signoff.json names signing key ${forger.fingerprint}, not the package's key ${SIGNER.fingerprint}: it was forged`,
      'appendix/000004-signoff.json is not covered by the seal (3 record(s)): it was added afterwards',
    ])
  })

  it("a forged record claiming the package's key, with a forged seal: names both", async () => {
    const { dir, manifestSha256, head } = await signedOffRun(await temp())
    const forger = { ...newSigner(), fingerprint: SIGNER.fingerprint }
    const record = signedJson(
      { seq: 4, kind: 'signoff', at: at(9), actor: 'boss@x', payload: {}, previousRecordSha256: head, keyFingerprint: SIGNER.fingerprint },
      forger,
    )
    await writeFile(appendix(dir, '000004-signoff.json'), record)
    const seal = signedJson(
      { runId: RUN_A, manifestSha256, records: 4, headSha256: sha256Hex(record), keyFingerprint: SIGNER.fingerprint },
      forger,
    )
    await writeFile(appendix(dir, 'seal.json'), seal)
    const report = await checked(dir, variant)
    expect(report.problems).toEqual([
      "appendix/000004-signoff.json has no valid signature: it was edited or forged without the server's key",
      "appendix/seal.json has no valid signature: it was edited or forged without the server's key",
    ])
  })

  it("a package copied under another run's folder name is refused", async () => {
    const root = await temp()
    const a = await signedOffRun(root, RUN_A)
    const b = await signedOffRun(root, RUN_B)
    await rm(a.dir, { recursive: true })
    await cp(b.dir, a.dir, { recursive: true })
    const top = `tieout-evidence-2025-09-${RUN_A}`
    const report = variant === 'folder' ? await verifyEvidence(a.dir) : await verifyEvidence(await zipUnder(b.dir, top, root))
    expect(report.ok).toBe(false)
    const where = variant === 'folder' ? a.dir : `${top}/`
    expect(report.problems).toEqual([
      `${where} is the folder of run ${RUN_A}, but manifest.json is run ${RUN_B}'s: the package was copied or swapped`,
    ])
  })

  it('a regenerated latest package (consistent, signed by another key) fails against the recorded values', async () => {
    const root = await temp()
    const original = await signedOffRun(root, RUN_A)
    await rm(join(root, '2025-09'), { recursive: true })
    const regenerated = await signedOffRun(root, RUN_A, newSigner())
    expect((await checked(regenerated.dir, variant)).ok).toBe(true)
    const report = await checked(regenerated.dir, variant, {
      expect: { manifestSha256: original.manifestSha256, appendixHeadSha256: original.head, keyFingerprint: SIGNER.fingerprint },
    })
    expect(report.problems).toEqual([
      expect.stringContaining(`not the expected ${original.manifestSha256}: the manifest was replaced`),
      expect.stringContaining(`appendix: the head is ${regenerated.head}, not the expected ${original.head}`),
      expect.stringContaining(`signing-key.json: the signing key is ${report.keyFingerprint}, not the expected ${SIGNER.fingerprint}`),
    ])
  })

  it("a rollback of an older run (records and seal together) breaks the next run's link", async () => {
    const root = await temp()
    const a = await signedOffRun(root, RUN_A)
    const b = await signedOffRun(root, RUN_B)
    // The sign-off removed and the seal of two records put back: the earlier run alone looks whole.
    await rm(appendix(a.dir, '000003-signoff.json'))
    await writeFile(appendix(a.dir, 'seal.json'), await sealAt(a.dir, 2))
    expect((await verifyEvidence(a.dir)).ok).toBe(true)
    const previous = variant === 'folder' ? a.dir : join(root, 'previous.zip')
    if (variant === 'zip') await zipEvidence(a.dir, previous)
    const report = await verifyEvidence(b.dir, { previousManifest: previous })
    expect(report.problems).toEqual([
      expect.stringContaining(`has no record 3, but this manifest records its head as record 3 (${a.head})`),
    ])
  })
})

describe('where a package sits', () => {
  it('a copy the user placed under any other path is judged by its content only', async () => {
    const root = await temp()
    const { dir } = await signedOffRun(root)
    const copy = join(root, 'reports', '2025-09', 'nigeria', 'evidence')
    await mkdir(join(copy, '..'), { recursive: true })
    await cp(dir, copy, { recursive: true })
    expect((await verifyEvidence(copy)).problems).toEqual([])
  })
})

describe('tieout verify (command line)', () => {
  it('prints the four values to record and fails on each --expect-* mismatch', async () => {
    const { dir, manifestSha256, head } = await signedOffRun(await temp())
    const ok = await tieout(['verify', dir, '--expect-manifest', manifestSha256, '--expect-head', head, '--expect-key', SIGNER.fingerprint])
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toContain(`Manifest SHA-256: ${manifestSha256}`)
    expect(ok.stdout).toContain(`Appendix head SHA-256: ${head}`)
    expect(ok.stdout).toContain('Appendix records: 3')
    expect(ok.stdout).toContain(`Signing key fingerprint: ${SIGNER.fingerprint}`)
    const other = 'c'.repeat(64)
    for (const flag of ['--expect-manifest', '--expect-head', '--expect-key']) {
      const failed = await tieout(['verify', dir, flag, other])
      expect(failed.code, flag).toBe(1)
      expect(failed.stdout, flag).toContain(`not the expected ${other}`)
    }
    const malformed = await tieout(['verify', dir, '--expect-head', 'abc'])
    expect(malformed).toMatchObject({ code: 2, stderr: expect.stringContaining('--expect-head: "abc" is not a SHA-256') })
  })
})

/** A zip holding the package at `dir` under the top folder `top` (as if renamed by someone). */
async function zipUnder(dir: string, top: string, work: string): Promise<string> {
  const zip = new yazl.ZipFile()
  const pending = ['']
  for (let relative = pending.pop(); relative !== undefined; relative = pending.pop()) {
    for (const entry of await readdir(join(dir, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory()) pending.push(path)
      else zip.addFile(join(dir, path), `${top}/${path}`)
    }
  }
  zip.end()
  const out = join(work, `${top}.zip`)
  await mkdir(work, { recursive: true })
  await pipeline(zip.outputStream, createWriteStream(out))
  return out
}

/** The genuine seal of the package's first `records` records, as the server wrote it at that time. */
async function sealAt(dir: string, records: number): Promise<Buffer> {
  const manifestSha256 = sha256Hex(await readFile(join(dir, 'manifest.json')))
  const names = (await readdir(join(dir, 'appendix'))).filter((name) => /^\d{6}-/.test(name)).sort()
  const last = names[records - 1]
  const headSha256 = last ? sha256Hex(await readFile(appendix(dir, last))) : null
  return signedJson({ runId: RUN_A, manifestSha256, records, headSha256, keyFingerprint: SIGNER.fingerprint }, SIGNER)
}
