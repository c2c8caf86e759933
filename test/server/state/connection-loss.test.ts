import { describe, expect, it } from 'vitest'
import { isConnectionLoss, retryOnConnectionLoss } from '../../../server/state/connection-loss.ts'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('isConnectionLoss', () => {
  it.each([
    ['a server shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection-class SQLSTATE', withCode('connection failure', '08006')],
    ['a dropped socket', new Error('Connection terminated unexpectedly')],
    // pg's answer to a rollback on the client whose connection the restart killed
    ['a client that lost its connection', new Error('Client has encountered a connection error and is not queryable')],
  ])('counts %s as the database going away', (_, error) => {
    expect(isConnectionLoss(error)).toBe(true)
  })

  it.each([
    ['a query error', withCode('relation "runs" does not exist', '42P01')],
    ['a constraint violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['an application error', new Error('period 2025-13 is not a month')],
    ['a client closed on purpose', new Error('Client was closed and is not queryable')],
    ['not an error', 'Connection terminated'],
  ])('does not count %s', (_, error) => {
    expect(isConnectionLoss(error)).toBe(false)
  })
})

describe('retryOnConnectionLoss', () => {
  it('runs the work again until the database is back', async () => {
    let calls = 0
    const result = await retryOnConnectionLoss(async () => {
      calls++
      if (calls < 3) throw new Error('Client has encountered a connection error and is not queryable')
      return 'recorded'
    })
    expect({ result, calls }).toEqual({ result: 'recorded', calls: 3 })
  })

  it('passes other errors through at once', async () => {
    let calls = 0
    const failing = retryOnConnectionLoss(async () => {
      calls++
      throw withCode('duplicate key value violates unique constraint', '23505')
    })
    await expect(failing).rejects.toThrow('duplicate key')
    expect(calls).toBe(1)
  })
})
