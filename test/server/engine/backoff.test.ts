import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TieoutError } from '../../../shared/errors.ts'
import { classifyError, retryDelayMs } from '../../../server/engine/backoff.ts'
import { DEFAULT_RETRY } from '../../../server/engine/workflow.ts'

describe('retry backoff', () => {
  it('defaults: 1 s initial, ×2, capped at 60 s (upper bounds with jitter at its maximum)', () => {
    const ceiling = (retry: number) => retryDelayMs(DEFAULT_RETRY, retry, () => 0.999999)
    expect([1, 2, 3, 4, 7, 10].map(ceiling)).toEqual([999, 1_999, 3_999, 7_999, 59_999, 59_999])
  })

  it('full jitter: every delay lies in [0, min(cap, initial × factor^(n−1))]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, random) => {
        const delay = retryDelayMs(DEFAULT_RETRY, retry, () => random)
        return delay >= 0 && delay <= Math.min(60_000, 1_000 * 2 ** (retry - 1))
      }),
    )
  })
})

describe('error classification', () => {
  it('a TieoutError is transient as its code says', () => {
    expect(classifyError(new TieoutError('TIEOUT_ERR_SOURCE_DEADLOCK', { detail: '1205' }))).toEqual({
      code: 'TIEOUT_ERR_SOURCE_DEADLOCK',
      message: 'source deadlock: 1205',
      transient: true,
    })
  })

  it('another error is transient only with transient === true', () => {
    expect(classifyError(Object.assign(new Error('ETIMEOUT'), { code: 'ETIMEOUT', transient: true })).transient).toBe(true)
    expect(classifyError(new Error('syntax error'))).toEqual({ code: 'TIEOUT_ERR_INTERNAL', message: 'syntax error', transient: false })
  })
})
