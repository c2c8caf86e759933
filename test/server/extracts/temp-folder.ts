import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** A fresh temporary folder per test, removed afterwards. */
export function useTempFolder(): () => Promise<string> {
  const folders: string[] = []
  afterEach(async () => {
    await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
  })
  return async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tieout-extracts-'))
    folders.push(folder)
    return folder
  }
}
