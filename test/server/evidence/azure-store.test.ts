import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { BlobServiceClient } from '@azure/storage-blob'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FilesetRecord } from '../../../shared/api/filesets.ts'
import { createEvidenceService, publishedInStore, type JournaledEvidence } from '../../../server/evidence/service.ts'
import { createAzureStore } from '../../../server/evidence/store/azure-store.ts'
import { copyEvidence } from '../../../server/evidence/store/copy.ts'
import type { EvidenceStore } from '../../../server/evidence/store/evidence-store.ts'
import { createLocalStore } from '../../../server/evidence/store/local-store.ts'
import { latestStoredLink, publishPackage } from '../../../server/evidence/store/packages.ts'
import { verifyEvidence } from '../../../server/evidence/verify.ts'
import { createFilesetStore } from '../../../server/filesets/store.ts'
import { startAzurite, type Azurite } from '../../support/azurite.ts'
import { tieout } from '../cli/cli.ts'
import { SIGNER, useTempDirs, writeSample } from './helpers.ts'

const PERIOD = '2025-09'
const temp = useTempDirs()
let azurite: Azurite

beforeAll(async () => {
  azurite = await startAzurite()
})
afterAll(async () => {
  await azurite?.stop()
})

/** A store on a container of its own; each call gives a new client, as another instance would have. */
function azureStore(container: string): EvidenceStore {
  return createAzureStore({ connectionString: azurite.connectionString, container })
}

const freshContainer = () => `evidence-${randomUUID().slice(0, 8)}`

function journal(runId: string, manifestSha256: string, appendix: { count: number; head: string | null } = { count: 0, head: null }) {
  return {
    runId,
    manifestSha256,
    appendixCount: appendix.count,
    appendixHead: appendix.head,
    keyFingerprint: SIGNER.fingerprint,
  } satisfies JournaledEvidence
}

/** A sealed sample package of `runId` in a temporary folder, published to `store`. */
async function published(store: EvidenceStore, runId = randomUUID(), createdAt = '2025-10-01T09:00:00') {
  const sample = await writeSample(temp, { runId, createdAt })
  await publishPackage(store, sample.dir, PERIOD, runId)
  return { runId, ...sample }
}

describe('evidence packages in Azure Blob Storage (Azurite)', () => {
  it('publishes a package, serves it back by run id, appends, zips and verifies it', async () => {
    const store = azureStore(freshContainer())
    const { runId, written } = await published(store)
    const evidence = createEvidenceService(store, SIGNER)
    expect(await evidence.verify(journal(runId, written.manifestSha256))).toMatchObject({
      ok: true,
      manifestHash: written.manifestSha256,
      appendixCount: 0,
      findings: [],
    })
    const at = '2025-10-02T10:00:00'
    await evidence.append(runId, { kind: 'reviews', runId, reviewer: 'rev@x', at, reviews: [] })
    const anchor = await evidence.append(runId, { kind: 'signoff', runId, reviewer: 'rev@x', at, comment: 'ok' })
    expect(anchor).toMatchObject({ records: 2, keyFingerprint: SIGNER.fingerprint })
    const afterAppend = journal(runId, written.manifestSha256, { count: 2, head: anchor.headSha256 })
    expect(await evidence.verify(afterAppend)).toMatchObject({ ok: true, appendixCount: 2, appendixHead: anchor.headSha256 })

    // The downloaded zip is checked offline as any package: records, seal and files intact.
    const zip = join(await temp(), `tieout-evidence-${PERIOD}-${runId}.zip`)
    await pipeline(await evidence.zipStream(runId), createWriteStream(zip))
    const report = await verifyEvidence(zip, { expect: { manifestSha256: written.manifestSha256, appendixHeadSha256: anchor.headSha256 } })
    expect(report).toMatchObject({ ok: true, source: 'zip', runId, appendix: { records: 2, seal: { records: 2 }, broken: [] } })
    expect(report.checkedFiles).toBe(written.files.length)

    // The published result.json is the sealed one, read by run id.
    const chunks: Buffer[] = []
    for await (const chunk of await publishedInStore(store).result({ id: runId, period: PERIOD, result_path: null }))
      chunks.push(chunk as Buffer)
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual({ runId: 'run-1' })
  })

  it('names the latest package of the period with its appendix as it stands, for the next run to chain to', async () => {
    const store = azureStore(freshContainer())
    expect(await latestStoredLink(store, PERIOD)).toEqual({ previousManifestSha256: null, previousAppendix: null })
    await published(store, randomUUID(), '2025-10-01T09:00:00')
    const second = await published(store, randomUUID(), '2025-10-01T10:00:00')
    const anchor = await createEvidenceService(store, SIGNER).append(second.runId, {
      kind: 'signoff',
      runId: second.runId,
      reviewer: 'rev@x',
      at: '2025-10-02T10:00:00',
      comment: 'ok',
    })
    expect(await latestStoredLink(store, PERIOD)).toEqual({
      previousManifestSha256: second.written.manifestSha256,
      previousAppendix: { runId: second.runId, records: 1, headSha256: anchor.headSha256 },
    })
  })

  it('accepts a retried publish of the same package and refuses another package under the same run', async () => {
    const store = azureStore(freshContainer())
    const { runId, dir } = await published(store)
    await expect(publishPackage(store, dir, PERIOD, runId)).resolves.toBe(`evidence/${PERIOD}/${runId}/evidence`)
    const other = await writeSample(temp, { runId, createdAt: '2025-10-05T09:00:00' })
    await expect(publishPackage(store, other.dir, PERIOD, runId)).rejects.toMatchObject({
      code: 'TIEOUT_ERR_CONFLICT',
      message: expect.stringContaining(`evidence/${PERIOD}/${runId}/evidence/`) as string,
    })
    await expect(publishPackage(store, other.dir, PERIOD, runId)).rejects.toThrow(
      'is already in the evidence store with other bytes: published files are written once, never overwritten',
    )
    // The first package is still the one served, whole.
    const first = await readFile(join(dir, 'manifest.json'))
    expect((await store.read(`evidence/${PERIOD}/${runId}/evidence/manifest.json`)).equals(first)).toBe(true)
  })

  it('never rewrites the appendix: each append adds a record and its seal to the append blob', async () => {
    const container = freshContainer()
    const store = azureStore(container)
    const { runId } = await published(store)
    const evidence = createEvidenceService(store, SIGNER)
    const blob = BlobServiceClient.fromConnectionString(azurite.connectionString)
      .getContainerClient(container)
      .getAppendBlobClient(`evidence/${PERIOD}/${runId}/evidence/appendix/records.log`)
    const before = await blob.downloadToBuffer()
    await evidence.append(runId, { kind: 'reopen', runId, reviewer: 'rev@x', at: '2025-10-02T10:00:00', reason: 'late entry' })
    const after = await blob.downloadToBuffer()
    expect(after.subarray(0, before.length).equals(before)).toBe(true)
    expect(after.subarray(before.length).toString('utf8')).toMatch(
      /^tieout-appendix 000001-reopen\.json \d+\n[\s\S]*tieout-appendix seal\.json \d+\n/,
    )
  })

  it('tieout verify --run checks a run in the configured container, as on a downloaded package', async () => {
    const container = freshContainer()
    const store = azureStore(container)
    const { runId, written } = await published(store)
    const env = {
      TIEOUT_EVIDENCE_STORE: 'azure',
      TIEOUT_AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      TIEOUT_AZURE_CONTAINER: container,
    }
    const ok = await tieout(['verify', '--run', runId, '--json', '--expect-manifest', written.manifestSha256], env)
    expect(ok.code, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, runId, manifestSha256: written.manifestSha256, appendix: { records: 0 } })
    const unknown = randomUUID()
    const missing = await tieout(['verify', '--run', unknown], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain(`evidence package of run ${unknown} not found`)
  })

  it('names a blob changed or slipped in without a retention policy, as verify does for a folder', async () => {
    const container = freshContainer()
    const store = azureStore(container)
    const { runId, written } = await published(store)
    const blobs = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(container)
    const prefix = `evidence/${PERIOD}/${runId}/evidence`
    // Overwritten in place (only possible where the container has no retention policy), and a forged record added.
    const edited = Buffer.from('{"runId":"run-1","edited":true}\n')
    await blobs.getBlockBlobClient(`${prefix}/results/result.json`).uploadData(edited)
    await blobs.getBlockBlobClient(`${prefix}/appendix/000001-signoff.json`).uploadData(Buffer.from('{}'))
    const report = await createEvidenceService(store, SIGNER).verify(journal(runId, written.manifestSha256))
    expect(report.ok).toBe(false)
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'results/result.json', problem: 'changed' }),
        expect.objectContaining({
          file: 'appendix/000001-signoff.json',
          detail:
            'appendix/000001-signoff.json is in the evidence store beside the appendix, which does not hold it: it was added outside the server',
        }),
      ]),
    )
    expect(report.appendixCount).toBe(0)
  })

  it('keeps one valid chain when two service instances append to the same run at once', async () => {
    const container = freshContainer()
    const { runId, written } = await published(azureStore(container))
    const one = createEvidenceService(azureStore(container), SIGNER)
    const two = createEvidenceService(azureStore(container), SIGNER)
    const at = '2025-10-02T10:00:00'
    const anchors = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        (n % 2 === 0 ? one : two).append(runId, { kind: 'signoff', runId, reviewer: `rev${n}@x`, at, comment: `n${n}` }),
      ),
    )
    expect(anchors.map((anchor) => anchor.records).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    const last = anchors.find((anchor) => anchor.records === 8)
    const verified = await one.verify(journal(runId, written.manifestSha256, { count: 8, head: last?.headSha256 ?? null }))
    expect(verified).toMatchObject({ ok: true, appendixCount: 8, findings: [] })
  })
})

describe('evidence packages in the data directory', () => {
  it('keeps one valid chain when two service instances append to the same run at once (lock file)', async () => {
    const dataDir = await temp()
    const runId = randomUUID()
    const sample = await writeSample(temp, { runId })
    await publishPackage(createLocalStore(dataDir), sample.dir, PERIOD, runId)
    const one = createEvidenceService(createLocalStore(dataDir), SIGNER)
    const two = createEvidenceService(createLocalStore(dataDir), SIGNER)
    const at = '2025-10-02T10:00:00'
    const anchors = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        (n % 2 === 0 ? one : two).append(runId, { kind: 'reopen', runId, reviewer: 'r@x', at, reason: `n${n}` }),
      ),
    )
    expect(anchors.map((anchor) => anchor.records).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    const folder = join(dataDir, 'evidence', PERIOD, runId, 'evidence')
    expect(await verifyEvidence(folder)).toMatchObject({ ok: true, appendix: { records: 8, broken: [], seal: { records: 8 } } })
  })
})

describe('uploaded filesets in Azure Blob Storage (Azurite)', () => {
  const record = (id: string): FilesetRecord => ({
    id,
    files: [{ name: 'CR_05.csv', extract: 'CR_05', bytes: 22, sha256: 'a'.repeat(64), rows: 1, passed: true, issues: [] }],
    passed: true,
    createdBy: 'demo-preparer',
    createdAt: '2025-10-01T08:00:00.000Z',
  })

  it('a fileset sealed through one instance is read, and cached locally, through another', async () => {
    const container = freshContainer()
    const uploader = createFilesetStore(azureStore(container), await temp())
    const reader = createFilesetStore(azureStore(container), join(await temp(), 'filesets'))
    const id = randomUUID()
    const staged = join(uploader.root, `${id}.partial`)
    await mkdir(staged, { recursive: true })
    await writeFile(join(staged, 'CR_05.csv'), 'Company_Code\nEC_NG\nxx\n')
    await uploader.seal(record(id))

    expect(await reader.read(id)).toEqual(record(id))
    await expect(reader.assertUsable(id)).resolves.toBeUndefined()
    const dir = await reader.localDir(id)
    expect(dir).toBe(join(reader.root, id))
    expect(await readFile(join(dir, 'CR_05.csv'), 'utf8')).toBe('Company_Code\nEC_NG\nxx\n')
    expect(JSON.parse(await readFile(join(dir, 'fileset.json'), 'utf8'))).toEqual(record(id))

    const unknown = randomUUID()
    await expect(reader.read(unknown)).rejects.toMatchObject({ code: 'TIEOUT_ERR_NOT_FOUND' })
    await expect(reader.assertUsable(unknown)).rejects.toThrow(`source.filesetId: "${unknown}" is not a validated upload`)
  })
})

describe('copying a data directory into Azure Blob Storage (Azurite)', () => {
  it('keeps every package verifiable with its appendix and chain, and every fileset readable; a second copy adds nothing and overwrites nothing', async () => {
    const dataDir = await temp()
    const local = createLocalStore(dataDir)
    const first = await published(local, randomUUID(), '2025-10-01T09:00:00')
    const at = '2025-10-02T10:00:00'
    const localEvidence = createEvidenceService(local, SIGNER)
    await localEvidence.append(first.runId, { kind: 'reviews', runId: first.runId, reviewer: 'rev@x', at, reviews: [] })
    const head = await localEvidence.append(first.runId, { kind: 'signoff', runId: first.runId, reviewer: 'rev@x', at, comment: 'ok' })
    const link = await latestStoredLink(local, PERIOD)
    const secondId = randomUUID()
    const second = await writeSample(temp, { runId: secondId, createdAt: '2025-10-03T09:00:00', ...link })
    await publishPackage(local, second.dir, PERIOD, secondId)
    const filesetId = randomUUID()
    await mkdir(join(dataDir, 'filesets', filesetId), { recursive: true })
    await writeFile(join(dataDir, 'filesets', filesetId, 'CR_05.csv'), 'Company_Code\nEC_NG\n')
    await writeFile(join(dataDir, 'filesets', filesetId, 'fileset.json'), JSON.stringify({ ...filesetRecord(filesetId) }))

    const azure = azureStore(freshContainer())
    expect(await copyEvidence(local, azure)).toEqual({ packages: 2, filesets: 1, unchanged: 0 })
    expect(await copyEvidence(local, azure)).toEqual({ packages: 0, filesets: 0, unchanged: 3 })
    const evidence = createEvidenceService(azure, SIGNER)
    expect(await evidence.verify(journal(first.runId, first.written.manifestSha256, { count: 2, head: head.headSha256 }))).toMatchObject({
      ok: true,
      appendixCount: 2,
    })
    expect(await evidence.verify(journal(secondId, second.written.manifestSha256))).toMatchObject({ ok: true, findings: [] })
    // The second run's manifest still names the first run's trail, as the container now holds it.
    const firstZip = join(await temp(), `tieout-evidence-${PERIOD}-${first.runId}.zip`)
    await pipeline(await evidence.zipStream(first.runId), createWriteStream(firstZip))
    expect((await verifyEvidence(second.dir, { previousManifest: firstZip })).chain).toMatchObject({ checked: true, ok: true })
    expect(await createFilesetStore(azure, await temp()).read(filesetId)).toEqual(filesetRecord(filesetId))
    // Appends go on in the container after the copy; copying the data directory again is then refused.
    expect(await evidence.append(first.runId, { kind: 'reopen', runId: first.runId, reviewer: 'rev@x', at, reason: 'late' })).toMatchObject(
      {
        records: 3,
      },
    )

    await expect(copyEvidence(local, azure)).rejects.toThrow('is in the target store with another appendix')
  })
})

function filesetRecord(id: string): FilesetRecord {
  return {
    id,
    files: [{ name: 'CR_05.csv', extract: 'CR_05', bytes: 19, sha256: 'b'.repeat(64), rows: 1, passed: true, issues: [] }],
    passed: true,
    createdBy: 'demo-preparer',
    createdAt: '2025-10-01T08:00:00.000Z',
  }
}

describe('the Azure store in messages', () => {
  it('names the container without the SAS token of a connection string', () => {
    const store = createAzureStore({
      connectionString: 'BlobEndpoint=https://acme.blob.core.windows.net;SharedAccessSignature=sv=2024-11-04&sp=racw&sig=c2VjcmV0',
      container: 'tieout-evidence',
    })
    expect(store.location).toBe('https://acme.blob.core.windows.net/tieout-evidence')
  })
})
