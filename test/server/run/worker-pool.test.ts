import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TieoutError } from '../../../shared/errors.ts'
import { classifyError } from '../../../server/engine/backoff.ts'
import { loadConfigBundle } from '../../../server/run/config-bundle.ts'
import { extractInThisThread, extractParams } from '../../../server/run/extract-step.ts'
import { createExtractWorkerPool } from '../../../server/run/worker-pool.ts'
import { errorFromWire, errorToWire } from '../../../server/run/worker-wire.ts'
import { createDemoSource } from '../../../server/sources/demo.ts'
import { useTempFolder } from '../extracts/temp-folder.ts'

const pool = createExtractWorkerPool(2)
afterAll(() => pool.close())
const tempFolder = useTempFolder()
const COMPANIES = ['EC_NG', 'JM_EG']
const SCALE = 0.05

async function params() {
  const config = await loadConfigBundle()
  return extractParams({ period: '2025-09' }, COMPANIES, config.glAccounts)
}

const quiet = { progress: () => undefined }

describe('extract steps in worker threads', () => {
  it('write the same canonical CSV, SHA-256 and info as the run’s own thread', async () => {
    const [here, there] = [await tempFolder(), await tempFolder()]
    const p = await params()
    const spec = { kind: 'demo', scale: SCALE } as const
    for (const extract of ['CR_03', 'IPE_08', 'JDASH'] as const) {
      const local = await extractInThisThread(
        extract,
        { runDir: here, signal: new AbortController().signal, ...quiet },
        { source: createDemoSource(spec), params: p },
      )
      const remote = await pool.run(
        { kind: 'extract', extract, runId: 'r1', runDir: there, spec, params: p },
        { signal: new AbortController().signal, ...quiet },
      )
      expect(remote.sha256, extract).toBe(local.sha256)
      expect(remote.summary).toEqual(local.summary)
      expect(await readFile(join(there, 'extracts', `${extract}.csv`))).toEqual(await readFile(join(here, 'extracts', `${extract}.csv`)))
      expect(await readFile(join(there, 'extracts', `${extract}.info.json`), 'utf8')).toBe(
        await readFile(join(here, 'extracts', `${extract}.info.json`), 'utf8'),
      )
    }
  })

  it('run several extracts at once and report progress from the worker', async () => {
    const runDir = await tempFolder()
    const p = await params()
    const seen: number[] = []
    const spec = { kind: 'demo', scale: 0.5 } as const
    const outputs = await Promise.all(
      (['CR_03', 'IPE_07', 'IPE_08_USAGE'] as const).map((extract) =>
        pool.run(
          { kind: 'extract', extract, runId: 'r2', runDir, spec, params: p },
          { signal: new AbortController().signal, progress: (done) => seen.push(done) },
        ),
      ),
    )
    expect(outputs.every((output) => typeof output.sha256 === 'string')).toBe(true)
    for (const output of outputs) expect(seen).toContain(output.summary?.rows)
  })

  it('pass a permanent failure back with its code and message: the run fails at once', async () => {
    const folder = await tempFolder()
    await writeFile(join(folder, 'IPE_08.csv'), 'not,the,header\n1,2,3\n')
    const error = await pool
      .run(
        {
          kind: 'extract',
          extract: 'CR_04',
          runId: 'r3',
          runDir: await tempFolder(),
          spec: { kind: 'files', folder },
          params: await params(),
        },
        { signal: new AbortController().signal, ...quiet },
      )
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TieoutError)
    expect(classifyError(error)).toEqual({
      code: 'TIEOUT_ERR_MISSING_EXTRACT',
      transient: false,
      message: expect.stringMatching(/^extract CR_04 is required/),
    })
  })

  it('stop a cancelled extract and leave no canonical file', async () => {
    const runDir = await tempFolder()
    const controller = new AbortController()
    const running = pool.run(
      { kind: 'extract', extract: 'CR_03', runId: 'r4', runDir, spec: { kind: 'demo', scale: 2 }, params: await params() },
      { signal: controller.signal, progress: (done) => done >= 65_536 && controller.abort(new Error('run cancelled')) },
    )
    await expect(running).rejects.toThrow('run cancelled')
    await expect(readFile(join(runDir, 'extracts', 'CR_03.csv'))).rejects.toThrow(/ENOENT/)
  })
})

describe('the compute step’s side figures in a worker', () => {
  it('refuse a configuration whose bytes changed since the run loaded it', async () => {
    const config = await loadConfigBundle()
    const task = {
      kind: 'compute-side' as const,
      figures: 'vouchers' as const,
      runDir: await tempFolder(),
      period: '2025-09',
      entities: [],
      configDir: config.dir,
      configSha256: config.refs.map((ref, index) => (index === 0 ? '0'.repeat(64) : ref.sha256)),
    }
    const error = await pool.run(task, { signal: new AbortController().signal, ...quiet }).catch((caught: unknown) => caught)
    expect(classifyError(error)).toEqual({
      code: 'TIEOUT_ERR_BAD_CONFIG',
      transient: false,
      message: expect.stringMatching(/changed while the run was computing/),
    })
  })
})

describe('errors crossing the thread boundary', () => {
  it('keep code, parameters and whether they are transient', () => {
    const timeout = errorFromWire(errorToWire(new TieoutError('TIEOUT_ERR_SOURCE_TIMEOUT', { detail: 'CR_03 after 30 s' })))
    expect(classifyError(timeout)).toEqual({
      code: 'TIEOUT_ERR_SOURCE_TIMEOUT',
      transient: true,
      message: 'source query timed out: CR_03 after 30 s',
    })
    const driver = Object.assign(new Error('connection reset'), { code: 'ECONNRESET', transient: true })
    expect(classifyError(errorFromWire(errorToWire(driver)))).toEqual({ code: 'ECONNRESET', transient: true, message: 'connection reset' })
    expect(classifyError(errorFromWire(errorToWire(new RangeError('bad'))))).toEqual({
      code: 'TIEOUT_ERR_INTERNAL',
      transient: false,
      message: 'bad',
    })
  })
})
