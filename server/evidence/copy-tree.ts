import { chmod, mkdir, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import { runAside } from './aside.ts'

/**
 * Copies each `[from, to]` in order, on a thread of their own, each with `copyFileSync` (a clone
 * where the file system can, else a copy inside the kernel; the mode is kept); the folders of the
 * targets must exist. `fs.cp` would run each copy on libuv's thread pool, where a copy of a large
 * extract holds a thread for seconds while the reads and deflates of a zip written at the same
 * time wait behind it.
 */
export async function copyFilesAside(pairs: readonly (readonly [string, string])[]): Promise<void> {
  if (pairs.length > 0) await runAside<number>('copy files', COPY_FILES, { pairs })
}

const COPY_FILES = `
const { parentPort, workerData } = require('node:worker_threads')
const { copyFileSync, constants } = require('node:fs')
for (const [from, to] of workerData.pairs) copyFileSync(from, to, constants.COPYFILE_FICLONE)
parentPort.postMessage(workerData.pairs.length)
`

/**
 * The copies that reproduce the folder `from` at `to` (which must not exist yet): its folders are
 * created now, with their modes; the files are returned as `[from, to]` pairs for `copyFilesAside`.
 * Anything but folders and regular files (a symbolic link, a device) is refused.
 */
export async function planTreeCopy(from: string, to: string): Promise<[string, string][]> {
  const pairs: [string, string][] = []
  const pending: [string, string][] = [[from, to]]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, target] = next
    await mkdir(target)
    await chmod(target, (await stat(source)).mode & 0o7777)
    for (const entry of (await readdir(source, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const pair: [string, string] = [join(source, entry.name), join(target, entry.name)]
      if (entry.isDirectory()) pending.push(pair)
      else if (entry.isFile()) pairs.push(pair)
      else throw new TieoutError('TIEOUT_ERR_INTERNAL', { detail: `cannot copy ${pair[0]}: not a regular file or folder` })
    }
  }
  return pairs
}
