import { describe, expect, it } from 'vitest'
import type { RunDetail } from '../../../../../shared/api/runs.ts'
import { createDetailCache } from '../../../../../server/plugins/app/runs/detail-cache.ts'

const detail = (status: RunDetail['status']) => ({ id: 'r1', status }) as RunDetail

describe('run detail cache', () => {
  it('serves polls from one journal read until the run changes', async () => {
    let reads = 0
    const cache = createDetailCache({ now: () => 0 })
    const load = async () => ((reads += 1), detail('running'))
    await cache.get('r1', load)
    await cache.get('r1', load)
    expect(reads).toBe(1)
  })

  it('reads again after the run is invalidated', async () => {
    let status: RunDetail['status'] = 'running'
    const cache = createDetailCache({ now: () => 0 })
    await cache.get('r1', async () => detail(status))
    status = 'succeeded'
    cache.invalidate('r1')
    expect((await cache.get('r1', async () => detail(status))).status).toBe('succeeded')
  })

  it('reads again once the TTL has passed, even without an invalidation', async () => {
    let clock = 0
    let reads = 0
    const cache = createDetailCache({ ttlMs: 1_000, now: () => clock })
    const load = async () => ((reads += 1), detail('running'))
    await cache.get('r1', load)
    clock = 1_000
    await cache.get('r1', load)
    expect(reads).toBe(2)
  })

  it('does not keep a failed read', async () => {
    const cache = createDetailCache({ now: () => 0 })
    await expect(cache.get('r1', async () => Promise.reject(new Error('gone')))).rejects.toThrow('gone')
    expect((await cache.get('r1', async () => detail('queued'))).status).toBe('queued')
  })
})
