import { existsSync, mkdtempSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import type { FilesetRecord, FilesetReport } from '../../../../../shared/api/filesets.ts'
import type { RunDetail } from '../../../../../shared/api/runs.ts'
import type { VerifyResponse } from '../../../../../shared/api/results.ts'
import type { RunResult } from '../../../../../shared/result/types.ts'
import { verifyEvidence } from '../../../../../server/evidence/verify.ts'
import { createDemoSource } from '../../../../../server/sources/demo.ts'
import { createReconcileSetup } from '../../../../../server/wiring/runtime.ts'
import { createAppServices } from '../../../../../server/wiring/services.ts'
import { startAzurite, type Azurite } from '../../../../support/azurite.ts'
import { filesBody } from '../../../filesets/multipart.ts'
import { upload } from '../../../filesets/app.ts'
import { build, type TestApp } from '../../../../helper.ts'

const PERIOD = '2025-09'
const CONTAINER = 'tieout-evidence'

/**
 * The real reconcile workflow with its evidence in Azure Blob Storage (Azurite): what the API
 * serves after a run comes from the container by run id, not from the machine that ran it.
 */
describe('a run whose evidence is in Azure Blob Storage', () => {
  let work: string
  let azurite: Azurite
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tieout-evidence-azure-'))
    azurite = await startAzurite()
  })
  afterAll(async () => {
    await azurite?.stop()
    await rm(work, { recursive: true, force: true })
  })

  /** One server instance: its own data directory, the shared container and signing key. */
  async function instance(name: string): Promise<TestApp> {
    const dataDir = join(work, name)
    const evidenceStore = { kind: 'azure', connectionString: azurite.connectionString, container: CONTAINER } as const
    const setup = await createReconcileSetup({ dataDir, evidenceStore, signingKeyFile: join(work, 'signing-key.pem') })
    onTestFinished(() => setup.close())
    const services = createAppServices(setup, { masterSource: () => createDemoSource({ scale: 1 }) })
    const test = await build({ dataDir, wiring: { services, workflows: [setup.workflow] } })
    test.app.engine.onEvent((event) => {
      if (event.type === 'run-finished') setup.runFinished(event.runId)
    })
    return test
  }

  it('serves result, workbook, evidence zip and verify from the container, and appends reviews there', async () => {
    const test = await instance('one')
    const body = { period: PERIOD, entities: ['EC_NG'], source: { kind: 'demo', scale: 0.005 } }
    const started = await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: body })
    expect(started.statusCode, started.body).toBe(202)
    const { id } = started.json<{ id: string }>()
    await test.app.engine.settled(id)
    const sealed = (await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') })).json<RunDetail>()
    expect(sealed.status).toBe('succeeded')
    // Nothing in the data directory's evidence folder, and the run's working folder is gone.
    expect(existsSync(join(test.dataDir, 'evidence'))).toBe(false)
    await rm(join(test.dataDir, 'runs', id), { recursive: true })

    const get = (url: string, role: 'auditor' | 'reviewer' = 'auditor') => test.app.inject({ url, headers: test.as(role) })
    const resultResponse = await get(`/api/runs/${id}/results`)
    expect(resultResponse.statusCode, resultResponse.body).toBe(200)
    const result = resultResponse.json<RunResult>()
    expect(result.runId).toBe(id)
    expect((await get(`/api/runs/${id}/bridge-lines?limit=1`)).json()).toMatchObject({ runId: id, offset: 0, limit: 1 })
    const workbook = await get(`/api/runs/${id}/workbook.xlsx`)
    expect(workbook.statusCode).toBe(200)
    expect(workbook.rawPayload.subarray(0, 2).toString()).toBe('PK')

    const line = result.bridges.flatMap((bridge) => bridge.lines)[0]
    if (!line) throw new Error('the demo run has no bridge line')
    const saved = await test.app.inject({
      method: 'PUT',
      url: `/api/runs/${id}/reviews`,
      headers: test.as('reviewer'),
      payload: { reviews: [{ lineKey: line.key, status: 'Explained', comment: 'checked' }] },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const reviewed = (await get(`/api/runs/${id}`)).json<RunDetail>()
    expect(reviewed.evidence).toMatchObject({ manifestHash: sealed.evidence.manifestHash, appendixCount: 1 })

    const verified = (
      await test.app.inject({ method: 'POST', url: `/api/runs/${id}/evidence/verify`, headers: test.as('auditor') })
    ).json<VerifyResponse>()
    expect(verified).toMatchObject({ ok: true, appendixCount: 1, appendixHead: reviewed.evidence.appendixHead, findings: [] })

    const zip = await get(`/api/runs/${id}/evidence.zip`)
    expect(zip.statusCode).toBe(200)
    const file = join(work, `tieout-evidence-${PERIOD}-${id}.zip`)
    await writeFile(file, zip.rawPayload)
    const report = await verifyEvidence(file, {
      expect: { manifestSha256: sealed.evidence.manifestHash ?? '', appendixHeadSha256: reviewed.evidence.appendixHead ?? '' },
    })
    expect(report).toMatchObject({ ok: true, runId: id, period: PERIOD, appendix: { records: 1, broken: [] } })
  })

  it('a fileset uploaded to one instance is read by another, which caches it for its runs', async () => {
    const one = await instance('upload')
    const two = await instance('other')
    const CR_05 = 'Company_Code,year,cod_month,FX_rate\nEC_NG,2025,9,1530.25\n'
    const uploaded = await upload(one, filesBody({ 'CR_05.csv': CR_05 }))
    expect(uploaded.statusCode, uploaded.body).toBe(201)
    const { id } = uploaded.json<FilesetReport>()
    const record = await two.app.inject({ url: `/api/filesets/${id}`, headers: two.as('auditor') })
    expect(record.statusCode, record.body).toBe(200)
    expect(record.json<FilesetRecord>()).toMatchObject({
      id,
      passed: true,
      files: [expect.objectContaining({ name: 'CR_05.csv', rows: 1 })],
    })

    // A run from the fileset on the other instance reads it from its local cache, filled from the container.
    const body = { period: PERIOD, entities: ['EC_NG'], source: { kind: 'fileset', filesetId: id } }
    const started = await two.app.inject({ method: 'POST', url: '/api/runs', headers: two.as('preparer'), payload: body })
    expect(started.statusCode, started.body).toBe(202)
    await two.app.engine.settled(started.json<{ id: string }>().id)
    expect(await readFile(join(two.dataDir, 'filesets', id, 'CR_05.csv'), 'utf8')).toBe(CR_05)
  })
})
