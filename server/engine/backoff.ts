import { setTimeout as delay } from 'node:timers/promises'
import { isTieoutError } from '../../shared/errors.ts'
import type { RetryPolicy } from './workflow.ts'

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

/** Rejects with the signal's reason when aborted, like every abortable wait. */
export const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal })

/**
 * Exponential backoff with full jitter: the wait before retry n (1-based) is uniform in
 * [0, min(cap, initial × factor^(n−1))], so many failing steps do not retry in lockstep.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.initialMs * policy.factor ** (retry - 1))
  return Math.floor(random() * ceiling)
}

export type ClassifiedError = {
  readonly code: string
  readonly message: string
  readonly transient: boolean
}

/**
 * Transient errors (connection lost, timeout, deadlock, throttling) are retried: a `TieoutError`
 * says so through its code, any other error through a `transient === true` property.
 */
export function classifyError(error: unknown): ClassifiedError {
  if (isTieoutError(error)) return { code: error.code, message: error.message, transient: error.transient }
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {}
  const message = error instanceof Error ? error.message : String(error)
  const code = typeof record.code === 'string' && record.code !== '' ? record.code : 'TIEOUT_ERR_INTERNAL'
  return { code, message, transient: record.transient === true }
}
