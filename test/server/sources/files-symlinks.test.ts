import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePeriod } from '../../../shared/period.ts'
import type { RunResult } from '../../../shared/result/types.ts'
import { writeDemoData } from '../../../server/demo/index.ts'
import { runPaths } from '../../../server/run/run-files.ts'
import { openReconcileRuntime, type ReconcileRuntime } from '../../../server/wiring/runtime.ts'
import { createFilesSource } from '../../../server/sources/files.ts'
import type { ExtractParams } from '../../../server/sources/source.ts'
import { tempDir } from '../cli/cli.ts'
import { useTempFolder } from '../extracts/temp-folder.ts'

const tempFolder = useTempFolder()
const params: ExtractParams = { period: parsePeriod('2025-09'), companies: ['EC_NG'], glAccounts: ['18412'] }
const CSV = 'Voucher Id,Amount Used\nV1,12.50\n'

async function rows(folder: string, options = {}): Promise<unknown[][]> {
  const stream = await createFilesSource(folder, options).read({ extract: 'JDASH', params, signal: new AbortController().signal })
  const records: unknown[][] = []
  for await (const record of stream.records) records.push([...record])
  return records
}

describe('files source: symbolic links', () => {
  it('follows a link to an extract file', async () => {
    const folder = await tempFolder()
    await mkdir(join(folder, 'store'))
    await writeFile(join(folder, 'store', 'jdash-export.csv'), CSV)
    await mkdir(join(folder, 'run'))
    await symlink(join(folder, 'store', 'jdash-export.csv'), join(folder, 'run', 'JDASH.csv'))
    expect(await rows(join(folder, 'run'))).toEqual([['V1', '12.50']])
    expect(await createFilesSource(join(folder, 'run')).has('JDASH')).toBe(true)
  })

  it('reports a link whose target is gone, never reading the extract as absent', async () => {
    const folder = await tempFolder()
    await symlink(join(folder, 'nowhere.csv'), join(folder, 'JDASH.csv'))
    await expect(rows(folder)).rejects.toMatchObject({
      code: 'TIEOUT_ERR_BAD_INPUT',
      message: 'files source, JDASH: JDASH.csv is a symbolic link whose target does not exist',
    })
    await expect(createFilesSource(folder).has('JDASH')).rejects.toMatchObject({ code: 'TIEOUT_ERR_BAD_INPUT' })
  })

  it('reports a folder named like an extract', async () => {
    const folder = await tempFolder()
    await mkdir(join(folder, 'JDASH_EC_NG.csv'))
    await expect(rows(folder)).rejects.toMatchObject({ message: 'files source, JDASH: JDASH_EC_NG.csv is a folder, not a file' })
  })

  it('on the server, refuses a link that leads outside the files root, and follows one inside it', async () => {
    const root = await tempFolder()
    const outside = await tempFolder()
    await writeFile(join(outside, 'secret.csv'), CSV)
    await writeFile(join(root, 'inside.csv'), CSV)
    await mkdir(join(root, 'run'))
    await symlink(join(outside, 'secret.csv'), join(root, 'run', 'JDASH.csv'))
    await expect(rows(join(root, 'run'), { linkRoot: root })).rejects.toMatchObject({
      message: 'files source, JDASH: JDASH.csv is a symbolic link to a file outside the files root; refused',
    })
    await rm(join(root, 'run', 'JDASH.csv'))
    await symlink('../inside.csv', join(root, 'run', 'JDASH.csv'))
    expect(await rows(join(root, 'run'), { linkRoot: root })).toEqual([['V1', '12.50']])
  })
})

describe('a folder of symlinked extracts reconciles exactly like the same folder of plain files', () => {
  let work: string
  let runtime: ReconcileRuntime
  beforeAll(async () => {
    work = await tempDir('symlinked-extracts')
    runtime = await openReconcileRuntime({ dataDir: join(work, 'data') })
  })
  afterAll(async () => {
    await runtime.close()
    await rm(work, { recursive: true, force: true })
  })

  async function reconcile(dir: string): Promise<RunResult> {
    const runId = await runtime.engine.start('reconcile', {
      period: '2025-09',
      entities: ['EC_NG'],
      source: { kind: 'files', dir },
      preparer: 'test',
    })
    await runtime.engine.settled(runId)
    return JSON.parse(await readFile(runPaths(runtime.runDir(runId)).result, 'utf8')) as RunResult
  }

  it('same extracts (rows and hashes), tie-out, bridges, roll-forward and conclusions', async () => {
    const plain = join(work, 'plain')
    const written = await writeDemoData({ period: parsePeriod('2025-09'), companies: ['EC_NG'], scale: 0.005, out: plain })
    const linked = join(work, 'linked')
    await mkdir(linked)
    for (const file of written.files) {
      if (file.extract !== 'ground-truth') await symlink(file.path, join(linked, `${file.extract}.csv`))
    }
    const fromPlain = await reconcile(plain)
    const fromLinks = await reconcile(linked)
    expect(fromLinks.extracts.map((extract) => [extract.extract, extract.rows])).toEqual(
      fromPlain.extracts.map((extract) => [extract.extract, extract.rows]),
    )
    expect(fromLinks.extracts.find((extract) => extract.extract === 'CR_03')?.rows).toBeGreaterThan(0)
    expect(fromLinks.tieOut).toEqual(fromPlain.tieOut)
    expect(fromLinks.tieOut.some((row) => row.status === 'NO_TV')).toBe(false)
    expect(fromLinks.bridges).toEqual(fromPlain.bridges)
    expect(fromLinks.bridges.flatMap((bridge) => bridge.lines).length).toBeGreaterThan(0)
    expect(fromLinks.rollForward).toEqual(fromPlain.rollForward)
    expect(fromLinks.conclusions).toEqual(fromPlain.conclusions)
  })
})
