import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePeriod } from '../../../shared/period.ts'
import type { RunResult } from '../../../shared/result/types.ts'
import { writeDemoData } from '../../../server/demo/index.ts'
import { startTdsDouble } from '../../support/tds/index.ts'
import { tempDir, tieout } from './cli.ts'

const PERIOD = '2025-09'
const SCALE = 0.03
const ENTITIES = 'EC_NG,JD_GH'

type Double = Awaited<ReturnType<typeof startTdsDouble>>

/** What must not depend on where the data came from: everything but the run's id and source label. */
function comparable(result: RunResult): unknown {
  return { ...result, runId: null, source: null }
}

describe('tieout reconcile --source mssql (through the real mssql driver and the TDS double)', () => {
  let work: string
  let double: Double

  beforeAll(async () => {
    work = await tempDir('mssql')
    double = await startTdsDouble({ scale: SCALE })
    await writeDemoData({ period: parsePeriod(PERIOD), scale: SCALE, companies: ENTITIES.split(','), out: join(work, 'jdash') })
  })
  afterAll(async () => {
    await double.close()
    await rm(work, { recursive: true, force: true })
  })

  const env = (double: Double): NodeJS.ProcessEnv => ({
    TIEOUT_MSSQL_SERVER: '127.0.0.1',
    TIEOUT_MSSQL_PORT: String(double.port),
    TIEOUT_MSSQL_USER: 'tieout',
    TIEOUT_MSSQL_PASSWORD: 'secret',
    TIEOUT_MSSQL_ENCRYPT: 'false',
  })

  it('gives the same result and the same extract hashes as the demo source', async () => {
    const common = ['--period', PERIOD, '--entities', ENTITIES, '--data-dir', join(work, 'data')]
    const demo = await tieout(['reconcile', '--source', 'demo', '--scale', String(SCALE), '--out', join(work, 'demo'), ...common])
    expect(demo.code, demo.stderr).toBe(0)
    const mssql = await tieout(
      ['reconcile', '--source', 'mssql', '--jdash', join(work, 'jdash'), '--out', join(work, 'mssql'), ...common],
      env(double),
    )
    expect(mssql.code, mssql.stderr).toBe(0)
    const fromDemo = JSON.parse(await readFile(join(work, 'demo', 'result.json'), 'utf8')) as RunResult
    const fromSql = JSON.parse(await readFile(join(work, 'mssql', 'result.json'), 'utf8')) as RunResult
    expect(fromSql.source).toMatch(/SQL Server/)
    expect(fromSql.extracts.map((e) => [e.extract, e.sha256])).toEqual(fromDemo.extracts.map((e) => [e.extract, e.sha256]))
    expect(comparable(fromSql)).toEqual(comparable(fromDemo))
    const evidence = await readFile(join(work, 'mssql', 'evidence', 'extracts', 'CR_03.query.sql'), 'utf8')
    expect(evidence).toMatch(/@nextPeriodStart/)
  })

  it('fails with a clear message, and no result, when SQL Server refuses the login', async () => {
    await double.setFaults({ failLogin: true })
    const outcome = await tieout(
      [
        'reconcile',
        '--source',
        'mssql',
        '--period',
        PERIOD,
        '--entities',
        'EC_NG',
        '--out',
        join(work, 'refused'),
        '--data-dir',
        join(work, 'data'),
      ],
      env(double),
    )
    await double.setFaults({})
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toMatch(/login failed/i)
    await expect(readFile(join(work, 'refused', 'result.json'))).rejects.toThrow(/ENOENT/)
  })
})
