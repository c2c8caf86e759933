/**
 * A counting semaphore shared by every run of an engine: at most `limit` step attempts execute at
 * once, whichever runs they belong to. Waiters are served first come, first served.
 */
export class Limiter {
  private active = 0
  private readonly waiting: Array<{ grant: () => void; signal: AbortSignal; onAbort: () => void }> = []

  constructor(private readonly limit: number) {}

  get running(): number {
    return this.active
  }

  /** Resolves when a slot is granted; rejects with the signal's reason if aborted first. */
  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason)
    if (this.active < this.limit) {
      this.active += 1
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal.removeEventListener('abort', waiter.onAbort)
          resolve()
        },
        signal,
        onAbort: () => {
          const index = this.waiting.indexOf(waiter)
          if (index >= 0) this.waiting.splice(index, 1)
          reject(signal.reason)
        },
      }
      signal.addEventListener('abort', waiter.onAbort, { once: true })
      this.waiting.push(waiter)
    })
  }

  release(): void {
    const next = this.waiting.shift()
    if (next) next.grant()
    else this.active -= 1
  }
}
