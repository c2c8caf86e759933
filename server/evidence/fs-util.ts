import { open, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Whether something exists at `path` (any kind); other errors than "not found" propagate. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return false
    throw error
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code
}

/** Persists a directory's entries (new files, renames) so a crash cannot lose them. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export async function writeDurable(path: string, bytes: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx')
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** What a walk found besides regular files and directories (symbolic links, devices, …). */
export type WalkResult = {
  /** Relative posix path → size in bytes, regular files only. */
  readonly files: Map<string, number>
  readonly irregular: readonly string[]
}

/** Every regular file below `root`, by relative posix path; never follows symbolic links. */
export async function walkFiles(root: string): Promise<WalkResult> {
  const files = new Map<string, number>()
  const irregular: string[] = []
  const pending: string[] = ['']
  for (let relative = pending.pop(); relative !== undefined; relative = pending.pop()) {
    for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory()) pending.push(path)
      else if (entry.isFile()) files.set(path, (await stat(join(root, path))).size)
      else irregular.push(path)
    }
  }
  return { files, irregular }
}

/** Code-unit order: the same on every machine and locale. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
