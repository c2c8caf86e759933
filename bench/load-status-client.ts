import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'

/**
 * The load side of bench/load-status.ts, in a child process so that its event loop does not
 * share time with the server it measures: `clients` loops polling one URL until the deadline.
 */
type Job = { url: string; token: string; clients: number; durationMs: number; pollIntervalMs: number }

const job = JSON.parse(process.argv[2] ?? '{}') as Job
const agent = new Agent({ keepAlive: true, maxSockets: job.clients })
const latencies: number[] = []
let errors = 0

function get(): Promise<void> {
  const started = performance.now()
  return new Promise((resolve) => {
    const req = request(job.url, { agent, headers: { authorization: `Bearer ${job.token}` } }, (res) => {
      res.resume()
      res.on('end', () => {
        latencies.push(performance.now() - started)
        if (res.statusCode !== 200) errors += 1
        resolve()
      })
    })
    req.on('error', () => {
      errors += 1
      resolve()
    })
    req.end()
  })
}

async function client(deadline: number): Promise<void> {
  while (performance.now() < deadline) {
    await get()
    if (job.pollIntervalMs > 0) await new Promise((resolve) => setTimeout(resolve, job.pollIntervalMs))
  }
}

const deadline = performance.now() + job.durationMs
await Promise.all(Array.from({ length: job.clients }, () => client(deadline)))
agent.destroy()
process.send?.({ latencies, errors })
