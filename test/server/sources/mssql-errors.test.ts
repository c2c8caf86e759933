import sql from 'mssql'
import { describe, expect, it } from 'vitest'
import { TieoutError } from '../../../shared/errors.ts'
import { classifyMssqlError } from '../../../server/sources/mssql-errors.ts'

/** A server error as `mssql` reports it: a RequestError carrying the server's error number. */
function serverError(number: number, message = `server error ${number}`): Error {
  const inner = Object.assign(new Error(message), { info: { number, state: 1, class: 16, message } })
  return new sql.RequestError(inner, 'EREQUEST')
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.5:1433`), { code })
}

const CONTEXT = { extract: 'IPE_07', server: 'sql01:1433/AIG_Nav_Jumia_Reconciliation' }

describe('classifyMssqlError', () => {
  it.each([
    [1205, 'TIEOUT_ERR_SOURCE_DEADLOCK'],
    [40501, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
    [40613, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
    [49918, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
    [49919, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
    [49920, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
    [4060, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
    [10928, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
    [10929, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
    [40197, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
    [233, 'TIEOUT_ERR_SOURCE_UNAVAILABLE'],
  ])('retries server error %i as %s', (number, code) => {
    const error = classifyMssqlError(serverError(number), CONTEXT)
    expect(error).toMatchObject({ code, transient: true })
  })

  it.each([102, 156, 207, 208, 229, 230, 262, 297, 300, 50000])('fails the run at once on server error %i (SOURCE_QUERY)', (number) => {
    expect(classifyMssqlError(serverError(number), CONTEXT)).toMatchObject({ code: 'TIEOUT_ERR_SOURCE_QUERY', transient: false })
  })

  it('names the extract, the server and the server message', () => {
    const error = classifyMssqlError(serverError(208, "Invalid object name 'dbo.RPT_SOI'."), CONTEXT)
    expect(error.message).toBe(
      "source query failed: IPE_07 on sql01:1433/AIG_Nav_Jumia_Reconciliation: SQL Server error 208: Invalid object name 'dbo.RPT_SOI'.",
    )
  })

  it('treats a failed login as SOURCE_LOGIN, permanent', () => {
    const login = new sql.ConnectionError(Object.assign(new Error("Login failed for user 'tieout'."), { code: 'ELOGIN' }))
    expect(classifyMssqlError(login)).toMatchObject({ code: 'TIEOUT_ERR_SOURCE_LOGIN', transient: false })
    expect(classifyMssqlError(serverError(18456))).toMatchObject({ code: 'TIEOUT_ERR_SOURCE_LOGIN', transient: false })
  })

  it('retries a login refused while the database fails over (the driver marks it transient)', () => {
    const failover = new sql.ConnectionError(Object.assign(new Error('Cannot open database'), { code: 'ELOGIN', isTransient: true }))
    expect(classifyMssqlError(failover)).toMatchObject({ code: 'TIEOUT_ERR_SOURCE_UNAVAILABLE', transient: true })
  })

  it('tells a request timeout (SOURCE_TIMEOUT) from a connection timeout (SOURCE_UNAVAILABLE)', () => {
    const request = new sql.RequestError(
      Object.assign(new Error('Timeout: Request failed to complete in 1800000ms'), { code: 'ETIMEOUT' }),
      'EREQUEST',
    )
    const connection = new sql.ConnectionError(Object.assign(new Error('Failed to connect to sql01:1433 in 30000ms'), { code: 'ETIMEOUT' }))
    expect(classifyMssqlError(request)).toMatchObject({ code: 'TIEOUT_ERR_SOURCE_TIMEOUT', transient: true })
    expect(classifyMssqlError(connection)).toMatchObject({ code: 'TIEOUT_ERR_SOURCE_UNAVAILABLE', transient: true })
  })

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ESOCKET', 'ETIMEDOUT'])('retries a connection failure %s as SOURCE_UNAVAILABLE', (code) => {
    const wrapped = new sql.ConnectionError(Object.assign(new Error('Failed to connect'), { code: 'ESOCKET', cause: socketError(code) }))
    expect(classifyMssqlError(socketError(code))).toMatchObject({ code: 'TIEOUT_ERR_SOURCE_UNAVAILABLE', transient: true })
    expect(classifyMssqlError(wrapped).message).toContain(code)
  })

  it('finds the socket error the driver wraps in an AggregateError', () => {
    const aggregate = new AggregateError([socketError('ECONNREFUSED')], 'Could not connect (sequence)')
    const error = new sql.ConnectionError(
      Object.assign(new Error('Failed to connect to sql01:1433 - Could not connect (sequence)'), { code: 'ESOCKET', cause: aggregate }),
    )
    expect(classifyMssqlError(error).message).toMatch(/Could not connect \(sequence\) \[ESOCKET, ECONNREFUSED\]$/)
  })

  it('keeps a TieoutError as it is', () => {
    const original = new TieoutError('TIEOUT_ERR_CANCELLED', { runId: 'r1' })
    expect(classifyMssqlError(original)).toBe(original)
  })

  it('fails the run on anything it cannot recognise', () => {
    expect(classifyMssqlError(new Error('something odd'))).toMatchObject({ code: 'TIEOUT_ERR_SOURCE_QUERY', transient: false })
    expect(classifyMssqlError('a string')).toMatchObject({ code: 'TIEOUT_ERR_SOURCE_QUERY' })
  })
})
