import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1'
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

export type Azurite = {
  readonly connectionString: string
  readonly stop: () => Promise<void>
}

/**
 * Starts Azurite's Blob service from node_modules on a free loopback port, in memory, without
 * telemetry; `stop()` ends it and removes its folder.
 */
export async function startAzurite(): Promise<Azurite> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js')
  const location = await mkdtemp(join(tmpdir(), 'tieout-azurite-'))
  const args = [
    main,
    '--silent',
    '--inMemoryPersistence',
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--loose',
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    '0',
    '--extentMemoryLimit',
    '256',
  ]
  // In memory: nothing is written, but Azurite's working folder is a temporary one all the same.
  const child = spawn(process.execPath, args, { cwd: location, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within 20 s:\n${output}`)), 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Azurite exited with code ${String(code)}:\n${output}`))
    })
  })
  const connectionString = [
    'DefaultEndpointsProtocol=http',
    `AccountName=${ACCOUNT}`,
    `AccountKey=${ACCOUNT_KEY}`,
    `BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT}`,
  ].join(';')
  return {
    connectionString,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await rm(location, { recursive: true, force: true })
    },
  }
}
