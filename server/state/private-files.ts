import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { isMainThread } from 'node:worker_threads'

/**
 * What the server writes (state store, keys, evidence, uploads) is for its own user only:
 * folders 0700, files 0600. The umask makes that the default for every file the process creates;
 * the functions below also set the modes explicitly where the first files are made.
 */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600
const PRIVATE_UMASK = 0o077

/** Group and others get no permission on anything this process creates from now on. */
export function restrictUmask(): void {
  // The umask is per process; worker threads share it and may not set it.
  if (isMainThread) process.umask(process.umask() | PRIVATE_UMASK)
}

/** Creates the folder (and its parents) owner-only when absent; an existing folder keeps its mode. */
export function ensurePrivateDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (created !== undefined) chmodSync(dir, PRIVATE_DIR_MODE)
}

/** Writes a file readable and writable by its owner only. */
export function writePrivateFile(file: string, content: string | Buffer): void {
  writeFileSync(file, content, { mode: PRIVATE_FILE_MODE })
  chmodSync(file, PRIVATE_FILE_MODE)
}

/** Makes an existing file owner-only. */
export function restrictFile(file: string): void {
  chmodSync(file, PRIVATE_FILE_MODE)
}
