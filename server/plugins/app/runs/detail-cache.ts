import type { RunDetail } from '../../../../shared/api/runs.ts'

export type DetailCacheOptions = {
  /** Longest a detail is served without reading the journal again, in milliseconds. */
  readonly ttlMs?: number
  readonly maxRuns?: number
  readonly now?: () => number
}

/**
 * Run details as the API last read them, so that many clients polling one run's status cost one
 * journal read per change instead of one per request. Whoever changes a run (the engine through
 * its events, reviews, sign-off) invalidates it; the short TTL bounds staleness for any write
 * that is not followed by an event (or made by another server instance on a shared store).
 */
export function createDetailCache(options: DetailCacheOptions = {}) {
  const ttlMs = options.ttlMs ?? 1_000
  const maxRuns = options.maxRuns ?? 1_000
  const now = options.now ?? (() => performance.now())
  const entries = new Map<string, { detail: Promise<RunDetail>; until: number }>()

  function get(runId: string, load: (runId: string) => Promise<RunDetail>): Promise<RunDetail> {
    const entry = entries.get(runId)
    if (entry && entry.until > now()) return entry.detail
    if (entries.size >= maxRuns) entries.clear()
    const detail = load(runId)
    entries.set(runId, { detail, until: now() + ttlMs })
    detail.catch(() => entries.delete(runId))
    return detail
  }

  function invalidate(runId: string): void {
    entries.delete(runId)
  }

  return { get, invalidate }
}

export type DetailCache = ReturnType<typeof createDetailCache>
