import { describe, expect, it } from 'vitest'
import type { ExtractId } from '../../../shared/extracts/schema.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { checkConnection, type MssqlSource } from '../../../server/sources/mssql.ts'
import type { RecordStream } from '../../../server/sources/source.ts'
import { syntheticProvider } from '../../support/tds/index.ts'
import { mssqlSourceSetUp } from '../../support/tds/mssql-source.ts'

const PARAMS = { period: parsePeriod('2025-09'), companies: ['EC_NG'], glAccounts: ['18412'] }

const setUp = mssqlSourceSetUp({ scale: 0.02 })

/** Reads an extract to the end; resolves with the row count or rejects with what the run would see. */
async function readAll(s: MssqlSource, extract: ExtractId): Promise<number> {
  const stream: RecordStream = await s.read({ extract, params: PARAMS, signal: new AbortController().signal })
  let rows = 0
  for await (const _row of stream.records) rows++
  return rows
}

describe('mssql error classification against the TDS double', () => {
  it('reports a refused connection as SOURCE_UNAVAILABLE, which the engine retries', async () => {
    const { source } = await setUp({ faults: { refuseConnections: true } })
    await expect(readAll(source, 'CR_05')).rejects.toMatchObject({
      code: 'TIEOUT_ERR_SOURCE_UNAVAILABLE',
      transient: true,
      message: expect.stringContaining('ECONNREFUSED'),
    })
  })

  it('connects once the server accepts connections again', async () => {
    const { double, source } = await setUp({ faults: { refuseConnections: true } })
    await expect(readAll(source, 'CR_05')).rejects.toMatchObject({ code: 'TIEOUT_ERR_SOURCE_UNAVAILABLE' })
    await double.setFaults({})
    await expect(readAll(source, 'CR_05')).resolves.toBeGreaterThan(0)
  })

  it('reports a connection reset in the middle of the rows as SOURCE_UNAVAILABLE (transient)', async () => {
    const { double, source } = await setUp({ data: syntheticProvider({ IPE_08: 50_000 }), faults: { resetAfterRows: 1_000 } })
    await expect(readAll(source, 'IPE_08')).rejects.toMatchObject({
      code: 'TIEOUT_ERR_SOURCE_UNAVAILABLE',
      transient: true,
      message: expect.stringContaining('IPE_08'),
    })
    expect(double.stats.resets).toBe(1)
  })

  it('reports a query slower than the request timeout as SOURCE_TIMEOUT (transient)', async () => {
    const { double, source } = await setUp({ faults: { delayMs: 5_000 } }, { requestTimeoutMs: 200 })
    await expect(readAll(source, 'CR_04')).rejects.toMatchObject({
      code: 'TIEOUT_ERR_SOURCE_TIMEOUT',
      transient: true,
      message: expect.stringMatching(/CR_04.*Timeout: Request failed to complete in 200ms/),
    })
    expect(double.stats.attentions).toBe(1)
  })

  it('reports deadlock 1205 as SOURCE_DEADLOCK (transient), and a retry after it succeeds', async () => {
    const { double, source } = await setUp({ faults: { queryError: { number: 1205, times: 2 } } })
    for (let attempt = 1; attempt <= 2; attempt++) {
      await expect(readAll(source, 'IPE_07')).rejects.toMatchObject({
        code: 'TIEOUT_ERR_SOURCE_DEADLOCK',
        transient: true,
        message: expect.stringMatching(/IPE_07.*SQL Server error 1205: Transaction \(Process ID 51\) was deadlocked/),
      })
    }
    await expect(readAll(source, 'IPE_07')).resolves.toBeGreaterThan(0)
    expect(double.stats.errorsSent).toEqual([1205, 1205])
  })

  it('reports a failed login as SOURCE_LOGIN, which is permanent', async () => {
    const { source } = await setUp({ faults: { failLogin: true } })
    await expect(readAll(source, 'CR_05')).rejects.toMatchObject({
      code: 'TIEOUT_ERR_SOURCE_LOGIN',
      transient: false,
      message: expect.stringContaining("Login failed for user 'tieout'."),
    })
  })

  it('reports an invalid object as SOURCE_QUERY, permanent, with the server message and the extract', async () => {
    const { source } = await setUp({
      faults: { queryError: { number: 208, times: 1, message: "Invalid object name 'dbo.RPT_SOI'.", extract: 'IPE_10' } },
    })
    await expect(readAll(source, 'IPE_10')).rejects.toMatchObject({
      code: 'TIEOUT_ERR_SOURCE_QUERY',
      transient: false,
      message: expect.stringMatching(
        /IPE_10 on 127\.0\.0\.1:\d+\/AIG_Nav_Jumia_Reconciliation: SQL Server error 208: Invalid object name 'dbo\.RPT_SOI'\./,
      ),
    })
  })

  it('reports a syntax error as SOURCE_QUERY, permanent', async () => {
    const { source } = await setUp({ faults: { queryError: { number: 102, times: 1, message: "Incorrect syntax near 'FROM'." } } })
    await expect(readAll(source, 'CR_03')).rejects.toMatchObject({
      code: 'TIEOUT_ERR_SOURCE_QUERY',
      transient: false,
      message: expect.stringContaining('SQL Server error 102'),
    })
  })

  it('reports an extract without a catalog query as SOURCE_QUERY, permanent', async () => {
    const { double, source } = await setUp()
    await expect(readAll(source, 'JDASH')).rejects.toMatchObject({
      code: 'TIEOUT_ERR_SOURCE_QUERY',
      transient: false,
      message: expect.stringContaining('JDASH'),
    })
    expect(double.stats.queries).toEqual([])
  })
})

describe('checkConnection', () => {
  it('runs SELECT 1 and reports the server, database and latency', async () => {
    const { double } = await setUp()
    const check = await checkConnection(double.mssqlConfig())
    expect(check).toMatchObject({ ok: true, server: `127.0.0.1:${double.port}`, database: 'AIG_Nav_Jumia_Reconciliation' })
    expect(check.latencyMs).toBeGreaterThanOrEqual(0)
    expect(check.error).toBeUndefined()
  })

  it('reports why it cannot connect, with the classified code', async () => {
    const { double } = await setUp({ faults: { failLogin: true } })
    const check = await checkConnection(double.mssqlConfig())
    expect(check).toMatchObject({ ok: false, error: { code: 'TIEOUT_ERR_SOURCE_LOGIN', transient: false } })
    expect(check.error?.message).toContain('Login failed')
  })
})
