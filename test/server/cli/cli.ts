import { spawn } from 'node:child_process'
import { chmod, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BIN = new URL('../../../bin/tieout.js', import.meta.url).pathname

export type CliOutcome = { code: number | null; stdout: string; stderr: string }

/** Runs the real `tieout` command as a user would, in a child process. */
export function tieout(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * A temporary folder others may pass through (0711): run as root, the embedded PostgreSQL runs as
 * the `postgres` user and keeps its cluster inside the data directory only when it can reach it.
 */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `tieout-${prefix}-`))
  await chmod(dir, 0o711)
  return dir
}
