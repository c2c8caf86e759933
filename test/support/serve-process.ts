import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

const BIN = new URL('../../bin/tieout.js', import.meta.url).pathname

/** A run as `GET /api/runs/:id` shows it, as far as these tests read it. */
export type RunView = {
  id: string
  status: string
  steps: { name: string; status: string; attempts: number }[]
  error: { message: string } | null
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** `tieout serve` as an operator runs it: a child process on loopback, killed with SIGKILL when told. */
export class ServeProcess {
  child: ChildProcess | null = null
  log = ''
  constructor(
    readonly port: number,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** Starts the server and waits until it is ready (state store and engine up). */
  async start(): Promise<void> {
    const env = { ...process.env, TIEOUT_LOG_LEVEL: 'warn', ...this.env, TIEOUT_PORT: String(this.port) }
    this.log = ''
    this.child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    this.child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()))
    this.child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()))
    for (let i = 0; i < 300; i++) {
      const ready = await fetch(`${this.url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
      if (ready) return
      await sleep(100)
    }
    throw new Error(`server did not start:\n${this.log}`)
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      child.once('exit', () => resolve())
      child.kill(signal)
    })
  }

  /** The demo token of a role, as the server printed it at start. */
  token(role: string): string {
    const match = new RegExp(`demo-${role}\\s+(\\S+)`).exec(this.log)
    if (!match?.[1]) throw new Error(`no ${role} token in:\n${this.log}`)
    return match[1]
  }
}
