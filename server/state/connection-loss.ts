import { setTimeout as delay } from 'node:timers/promises'

/** SQLSTATE classes and socket errors that mean the server went away, not that the query was wrong. */
const LOST_STATES = /^(08|57P0[123])/
const LOST_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'])

/** The database connection was lost (server restarted or unreachable); the statement did not commit. */
export function isConnectionLoss(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (LOST_STATES.test(code) || LOST_CODES.has(code))) return true
  // pg refuses further queries on a client whose connection failed ("… encountered a connection
  // error and is not queryable"); a transaction's rollback on it reports that instead of the loss.
  const message = error instanceof Error ? error.message : ''
  return /Connection terminated|connection timeout|terminating connection|connection error and is not queryable/i.test(message)
}

/** Runs `work` again while the database is away, for at most `withinMs`; other errors pass through. */
export async function retryOnConnectionLoss<T>(work: () => Promise<T>, withinMs = 60_000): Promise<T> {
  const deadline = Date.now() + withinMs
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await work()
    } catch (error) {
      if (!isConnectionLoss(error) || Date.now() + wait > deadline) throw error
      await delay(wait)
    }
  }
}
