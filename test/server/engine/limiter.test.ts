import { describe, expect, it } from 'vitest'
import { Limiter } from '../../../server/engine/limiter.ts'

describe('step concurrency limiter', () => {
  it('grants up to the limit, then one slot per release, first come first served', async () => {
    const limiter = new Limiter(2)
    const signal = new AbortController().signal
    const order: string[] = []
    await limiter.acquire(signal)
    await limiter.acquire(signal)
    const third = limiter.acquire(signal).then(() => order.push('third'))
    const fourth = limiter.acquire(signal).then(() => order.push('fourth'))
    limiter.release()
    await third
    limiter.release()
    await fourth
    expect(order).toEqual(['third', 'fourth'])
    expect(limiter.running).toBe(2)
  })

  it('a waiter whose run is aborted leaves the queue', async () => {
    const limiter = new Limiter(1)
    const controller = new AbortController()
    await limiter.acquire(new AbortController().signal)
    const waiting = limiter.acquire(controller.signal)
    controller.abort(new Error('cancelled'))
    await expect(waiting).rejects.toThrow('cancelled')
    limiter.release()
    expect(limiter.running).toBe(0)
  })
})
