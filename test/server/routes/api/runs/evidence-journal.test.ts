import { cp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import type { RunDetail } from '../../../../../shared/api/runs.ts'
import type { VerifyResponse } from '../../../../../shared/api/results.ts'
import type { RunResult } from '../../../../../shared/result/types.ts'
import { sha256Hex } from '../../../../../server/evidence/hash.ts'
import { createReconcileSetup, type ReconcileSetup } from '../../../../../server/wiring/runtime.ts'
import { createAppServices } from '../../../../../server/wiring/services.ts'
import { createDemoSource } from '../../../../../server/sources/demo.ts'
import { build, type TestApp } from '../../../../helper.ts'

const PERIOD = '2025-09'

/**
 * The real reconcile workflow and evidence store behind the API: the journal keeps each run's
 * manifest hash, signing key and appendix head and count, shows them in the run detail, and the
 * server's verify compares the package with them.
 */
describe('the journal anchors each run’s evidence package', () => {
  let work: string
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tieout-evidence-journal-'))
  })
  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
  })

  async function realApp(): Promise<{ test: TestApp; setup: ReconcileSetup }> {
    const dataDir = join(work, `data-${Math.random().toString(36).slice(2)}`)
    const setup = await createReconcileSetup({ dataDir })
    onTestFinished(() => setup.close())
    const services = createAppServices(setup, { masterSource: () => createDemoSource({ scale: 1 }) })
    const test = await build({ dataDir, wiring: { services, workflows: [setup.workflow] } })
    test.app.engine.onEvent((event) => {
      if (event.type === 'run-finished') setup.runFinished(event.runId)
    })
    return { test, setup }
  }

  async function run(test: TestApp): Promise<string> {
    const body = { period: PERIOD, entities: ['EC_NG'], source: { kind: 'demo', scale: 0.005 } }
    const started = await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: body })
    expect(started.statusCode, started.body).toBe(202)
    const { id } = started.json<{ id: string }>()
    await test.app.engine.settled(id)
    return id
  }

  const detail = async (test: TestApp, id: string) =>
    (await test.app.inject({ url: `/api/runs/${id}`, headers: test.as('auditor') })).json<RunDetail>()
  const verify = async (test: TestApp, id: string) =>
    (await test.app.inject({ method: 'POST', url: `/api/runs/${id}/evidence/verify`, headers: test.as('auditor') })).json<VerifyResponse>()

  async function reviewFirstLine(test: TestApp, id: string): Promise<void> {
    const result = (await test.app.inject({ url: `/api/runs/${id}/results`, headers: test.as('auditor') })).json<RunResult>()
    const line = result.bridges.flatMap((bridge) => bridge.lines)[0]
    if (!line) throw new Error('the demo run has no bridge line')
    const reviews = [{ lineKey: line.key, status: 'Explained', comment: 'checked' }]
    const saved = await test.app.inject({
      method: 'PUT',
      url: `/api/runs/${id}/reviews`,
      headers: test.as('reviewer'),
      payload: { reviews },
    })
    expect(saved.statusCode, saved.body).toBe(200)
  }

  it('shows the manifest hash, appendix head and count and key fingerprint; verify agrees; a rolled-back tail is named', async () => {
    const { test, setup } = await realApp()
    const id = await run(test)
    const dir = join(setup.evidenceRoot, PERIOD, id, 'evidence')
    const sealed = await detail(test, id)
    expect(sealed.evidence).toEqual({
      manifestHash: sha256Hex(await readFile(join(dir, 'manifest.json'))),
      appendixHead: null,
      appendixCount: 0,
      keyFingerprint: setup.signer.fingerprint,
    })
    const emptySeal = await readFile(join(dir, 'appendix', 'seal.json'))

    await reviewFirstLine(test, id)
    const reviewed = await detail(test, id)
    const record = join(dir, 'appendix', '000001-review.json')
    expect(reviewed.evidence).toMatchObject({ appendixCount: 1, appendixHead: sha256Hex(await readFile(record)) })
    expect(await verify(test, id)).toMatchObject({ ok: true, appendixCount: 1, appendixHead: reviewed.evidence.appendixHead, findings: [] })

    // Record and seal rolled back together: the package alone looks whole, the journal does not agree.
    await rm(record)
    await writeFile(join(dir, 'appendix', 'seal.json'), emptySeal)
    const report = await verify(test, id)
    expect(report.ok).toBe(false)
    expect(report.findings).toEqual([
      {
        file: 'appendix/',
        problem: 'journal',
        detail: `appendix: record 1 is missing at the tail: the journal counts 1 record(s), head ${reviewed.evidence.appendixHead}; the package has 0`,
      },
    ])
  })

  it("refuses another run's package copied into a run's folder", async () => {
    const { test, setup } = await realApp()
    const first = await run(test)
    const second = await run(test)
    const folder = (id: string) => join(setup.evidenceRoot, PERIOD, id, 'evidence')
    await rm(folder(first), { recursive: true })
    await cp(folder(second), folder(first), { recursive: true })
    const report = await verify(test, first)
    expect(report.ok).toBe(false)
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          problem: 'journal',
          detail: expect.stringContaining(`is the folder of run ${first}, but manifest.json is run ${second}'s`),
        }),
        expect.objectContaining({
          problem: 'journal',
          detail: expect.stringContaining(`the package in run ${first}'s folder is run ${second}'s`),
        }),
        expect.objectContaining({ problem: 'journal', detail: expect.stringContaining('the journal recorded') }),
      ]),
    )
    // The next run's manifest names the previous run's appendix head at sealing time.
    const manifest = JSON.parse(await readFile(join(folder(second), 'manifest.json'), 'utf8')) as { previousAppendix: unknown }
    expect(manifest.previousAppendix).toEqual({ runId: first, records: 0, headSha256: null })
  })

  it('creates the signing key on first start, mode 0600, and keeps it across restarts; TIEOUT_SIGNING_KEY_FILE names another', async () => {
    const dataDir = join(work, 'key-data')
    const first = await createReconcileSetup({ dataDir })
    const file = join(dataDir, 'keys', 'evidence-signing-key.pem')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await stat(join(dataDir, 'keys'))).mode & 0o777).toBe(0o700)
    const again = await createReconcileSetup({ dataDir })
    expect(again.signer.fingerprint).toBe(first.signer.fingerprint)
    const elsewhere = await createReconcileSetup({ dataDir, signingKeyFile: join(work, 'other-key.pem') })
    expect(elsewhere.signer.fingerprint).not.toBe(first.signer.fingerprint)
    await writeFile(join(work, 'bad-key.pem'), 'not a key')
    await expect(createReconcileSetup({ dataDir, signingKeyFile: join(work, 'bad-key.pem') })).rejects.toMatchObject({
      code: 'TIEOUT_ERR_BAD_CONFIG',
    })
    await Promise.all([first.close(), again.close(), elsewhere.close()])
  })
})
