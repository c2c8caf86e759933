import { describe, expect, it } from 'vitest'
import { EXTRACTS } from '../../../shared/extracts/catalog.ts'
import type { ExtractId } from '../../../shared/extracts/schema.ts'
import { formatValue, parseValue } from '../../../shared/extracts/values.ts'
import { parseCents } from '../../../shared/money.ts'
import { parsePeriod } from '../../../shared/period.ts'
import { demoRows } from '../../../server/demo/index.ts'
import { sqlExtractIds } from '../../../server/sql/catalog.ts'
import type { MssqlSource } from '../../../server/sources/mssql.ts'
import type { ExtractParams, RecordStream } from '../../../server/sources/source.ts'
import { demoProvider, syntheticProvider } from '../../support/tds/index.ts'
import { mssqlSourceSetUp } from '../../support/tds/mssql-source.ts'

const SCALE = 0.02
const params = (o: Partial<ExtractParams> = {}): ExtractParams => ({
  period: parsePeriod('2025-09'),
  companies: ['EC_NG'],
  glAccounts: ['13003', '18412'],
  ...o,
})

const setUp = mssqlSourceSetUp({ scale: SCALE })

/** Waits until the double has seen what the client sent; fails after `ms` if it never does. */
async function eventually(check: () => boolean, ms = 5_000): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited >= ms) throw new Error('condition not reached')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

function read(s: MssqlSource, extract: ExtractId, p = params(), signal = new AbortController().signal): Promise<RecordStream> {
  return s.read({ extract, params: p, signal })
}

async function collect(stream: RecordStream): Promise<(readonly unknown[])[]> {
  const rows: (readonly unknown[])[] = []
  for await (const row of stream.records) rows.push(row)
  return rows
}

/** Values as canonical CSV writes them: what a user sees, whatever the source's value types. */
function canonical(extract: ExtractId, rows: Iterable<readonly unknown[]>): string[][] {
  const columns = EXTRACTS[extract].columns
  return Array.from(rows, (row) =>
    columns.map((column, index) => {
      const parsed = parseValue(column.kind, row[index])
      if (!parsed.ok) throw new Error(`${extract} ${column.name}: ${parsed.reason}`)
      return formatValue(column.kind, parsed.value)
    }),
  )
}

describe('the mssql source against the TDS double', () => {
  it.each(sqlExtractIds())('reads %s with exactly the demo generator’s header and rows', async (extract) => {
    const { source } = await setUp()
    const stream = await read(source, extract)
    const expected = demoRows(extract, { period: parsePeriod('2025-09'), companies: ['EC_NG'], scale: SCALE })
    expect(stream.header).toEqual(EXTRACTS[extract].columns.map((column) => column.name))
    expect(canonical(extract, await collect(stream))).toEqual(canonical(extract, expected))
  })

  it('binds the period dates and the company list as typed parameters', async () => {
    const { double, source } = await setUp()
    await collect(await read(source, 'IPE_08', params({ companies: ['EC_NG', 'JM_EG'] })))
    await collect(await read(source, 'CR_04'))
    await collect(await read(source, 'CR_05'))
    expect(double.stats.queries).toEqual([
      { extract: 'IPE_08', parameters: { nextPeriodStart: '2025-10-01', companies: '["EC_NG","JM_EG"]' } },
      { extract: 'CR_04', parameters: { closingDate: '2025-09-30', glAccounts: '["13003","18412"]', companies: '["EC_NG"]' } },
      { extract: 'CR_05', parameters: { fxYear: 2025, fxMonth: 9 } },
    ])
  })

  it('records the query text, bound values and server in the provenance, never the password', async () => {
    const { double, source } = await setUp()
    const stream = await read(source, 'IPE_11')
    await collect(stream)
    expect(stream.provenance).toMatchObject({
      kind: 'mssql',
      boundParameters: { periodStart: '2025-09-01', nextPeriodStart: '2025-10-01', companies: '["EC_NG"]' },
    })
    expect(stream.provenance.queryText).toMatch(/^-- Tieout extract IPE_11:/)
    expect(stream.provenance.description).toContain(`127.0.0.1:${double.port}/AIG_Nav_Jumia_Reconciliation`)
    expect(JSON.stringify(stream.provenance)).not.toContain('not-a-secret')
    expect(source.describe()).not.toContain('not-a-secret')
  })

  it('carries money to the exact cent through DECIMAL(38,20)', async () => {
    const amounts = ['0.01', '-0.01', '1234.56', '-98765.43', '99999999999.99', '-123456789012.35', '0.10', null]
    const header = EXTRACTS.IPE_10.columns.map((column) => column.name)
    const rows = amounts.map((amount, index) =>
      header.map((name) =>
        name === 'PAID_FOR_ITEMS' ? amount : name === 'ID_COMPANY' ? 'EC_NG' : name === 'COD_OMS_SALES_ORDER_ITEM' ? `I-${index}` : null,
      ),
    )
    const { source } = await setUp({ data: syntheticProvider({ IPE_10: { header, rows } }) })
    const received = await collect(await read(source, 'IPE_10'))
    const column = header.indexOf('PAID_FOR_ITEMS')
    expect(received.map((row) => parseCents(row[column]))).toEqual(amounts.map((amount) => parseCents(amount)))
  })

  it('gives the header and no records for an extract without rows', async () => {
    const header = EXTRACTS.IPE_34.columns.map((column) => column.name)
    const { source } = await setUp({ data: syntheticProvider({ IPE_34: { header, rows: [] } }) })
    const stream = await read(source, 'IPE_34')
    expect(stream.header).toEqual(header)
    expect(await collect(stream)).toEqual([])
  })

  it('continues without TLS when the server cannot encrypt, even with encrypt=true (only strict refuses)', async () => {
    const { source } = await setUp({}, { encrypt: true, trustServerCertificate: false })
    expect(await collect(await read(source, 'CR_05'))).not.toHaveLength(0)
  })

  it('answers has() for every catalog extract and not for JDASH, which only comes as a file', async () => {
    const { source } = await setUp()
    expect(await source.has('IPE_31')).toBe(true)
    expect(await source.has('JDASH')).toBe(false)
  })

  it('fails permanently, naming the columns, when the result set differs from the catalog', async () => {
    const header = EXTRACTS.CR_05.columns.map((column) => column.name).filter((name) => name !== 'FX_rate')
    const { source } = await setUp({ data: syntheticProvider({ CR_05: { header: [...header, 'FX_RATE_NEW'], rows: [] } }) })
    await expect(read(source, 'CR_05')).rejects.toMatchObject({
      code: 'TIEOUT_ERR_SOURCE_QUERY',
      transient: false,
      message: expect.stringMatching(/CR_05.*missing FX_rate; unexpected FX_RATE_NEW/),
    })
  })

  it('shares one connection pool across reads and closes it on close()', async () => {
    const { double, source } = await setUp()
    await Promise.all((['CR_05', 'ENTITIES', 'IPE_34'] as const).map(async (extract) => collect(await read(source, extract))))
    await collect(await read(source, 'CR_04'))
    expect(double.stats.logins.length).toBeLessThanOrEqual(4)
    expect(double.stats.logins[0]).toMatchObject({ user: 'tieout', database: 'AIG_Nav_Jumia_Reconciliation', appName: 'tieout-test' })
    await source.close()
    await expect(read(source, 'CR_05')).resolves.toMatchObject({ header: expect.any(Array) })
  })
})

describe('streaming', () => {
  it('stops the query when the run is cancelled, and the pool stays usable', async () => {
    const { double, source } = await setUp({ data: syntheticProvider({ IPE_08: 1_000_000 }, demoProvider({ scale: SCALE })) })
    const controller = new AbortController()
    const stream = await read(source, 'IPE_08', params(), controller.signal)
    let consumed = 0
    const reason = new Error('run cancelled')
    await expect(
      (async () => {
        for await (const _row of stream.records) if (++consumed === 500) controller.abort(reason)
      })(),
    ).rejects.toBe(reason)
    await eventually(() => double.stats.attentions === 1)
    expect(double.stats.rowsSent).toBeLessThan(1_000_000)
    expect(await collect(await read(source, 'CR_05'))).not.toHaveLength(0)
  })

  it('refuses to start a read whose signal is already aborted', async () => {
    const { source } = await setUp()
    const controller = new AbortController()
    controller.abort(new Error('cancelled before start'))
    await expect(read(source, 'CR_05', params(), controller.signal)).rejects.toThrow('cancelled before start')
  })

  it('holds the server back while the consumer is slow, instead of buffering the result', async () => {
    const total = 200_000
    const { double, source } = await setUp({ data: syntheticProvider({ IPE_08: total }) }, {}, { highWaterMark: 1_000 })
    const stream = await read(source, 'IPE_08')
    let consumed = 0
    let sentWhenBlocked = 0
    for await (const _row of stream.records) {
      if (++consumed === 5_000) {
        // The consumer stalls until the server has to wait for the client to read.
        await eventually(() => double.stats.drainWaits > 0, 30_000)
        sentWhenBlocked = double.stats.rowsSent
        break
      }
    }
    expect(sentWhenBlocked - consumed).toBeLessThan(total / 4)
    expect(source.pauses()).toBeGreaterThan(0)
  })
})
