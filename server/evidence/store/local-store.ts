import { createReadStream } from 'node:fs'
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { TieoutError } from '../../../shared/errors.ts'
import { parseAppendixName, type AppendixFile } from '../appendix-chain.ts'
import { isErrno, syncDir, walkFiles, writeDurable } from '../fs-util.ts'
import { digestFile, sha256Hex } from '../hash.ts'
import { READ_CHUNK_BYTES } from '../hash.ts'
import { APPENDIX_DIR, SEAL_NAME } from '../layout.ts'
import { assertKey, notFound, writtenOnce, type EvidenceStore, type StoredAppendix } from './evidence-store.ts'

/** A lock older than this was left by a process that died while appending. */
const STALE_LOCK_MS = 30_000
/** How long an append waits for another process's append to the same package. */
const LOCK_WAIT_MS = 20_000
// A hard link cannot cross file systems or is refused by some (EPERM on FAT, ENOTSUP on others).
const LINK_FALLBACK_CODES = ['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK']

export type LocalStoreOptions = {
  /** Top-level key folders kept elsewhere than below the root, e.g. `{ evidence: '/srv/evidence' }`. */
  readonly folders?: Readonly<Record<string, string>>
}

/**
 * The evidence store in a local folder (the data directory): keys are paths below it, so the
 * layout is `<dataDir>/evidence/<period>/<runId>/evidence/` and `<dataDir>/filesets/<id>/`.
 * A file is written aside and hard-linked into place, so it is complete or absent and never
 * replaced. The appendix keeps its files (`appendix/NNNNNN-<kind>.json`, `appendix/seal.json`);
 * appends from several processes take turns through a lock file beside the package
 * (`<package>.lock`, created exclusively, removed when done or when stale).
 */
export function createLocalStore(root: string, options: LocalStoreOptions = {}): EvidenceStore & { readonly root: string } {
  const base = resolve(root)
  const folders = new Map(Object.entries(options.folders ?? {}).map(([name, folder]) => [name, resolve(folder)]))
  const path = (key: string): string => {
    const [first = '', ...rest] = assertKey(key).split('/')
    const folder = folders.get(first)
    return folder === undefined ? join(base, first, ...rest) : join(folder, ...rest)
  }
  return {
    kind: 'local',
    root: base,
    location: base,
    localPath: path,
    putOnce: async (key, body) => putOnce(path(key), key, body),
    read: async (key) => readFile(path(key)).catch((error: unknown) => Promise.reject(missingOr(error, key))),
    open: async (key) => {
      const file = path(key)
      await stat(file).catch((error: unknown) => Promise.reject(missingOr(error, key)))
      return createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })
    },
    exists: async (key) =>
      stat(path(key)).then(
        () => true,
        (error: unknown) => (isMissing(error) ? false : Promise.reject(error)),
      ),
    list: async (prefix) => {
      try {
        return (await walkFiles(path(prefix))).files
      } catch (error) {
        if (isMissing(error)) return new Map()
        throw error
      }
    },
    folders: async (prefix) => {
      const entries = await readdir(path(prefix), { withFileTypes: true }).catch((error: unknown) =>
        isMissing(error) ? [] : Promise.reject(error),
      )
      return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)
    },
    startAppendix: async (prefix, files) => {
      for (const file of files) {
        const key = `${prefix}/${APPENDIX_DIR}/${file.name}`
        await putOnce(path(key), key, file.bytes)
      }
    },
    readAppendix: async (prefix) => readLocalAppendix(path(prefix)),
    appendToAppendix: async (prefix, version, record, seal) => {
      const dir = path(prefix)
      return withLock(`${dir}.lock`, async () => {
        if ((await readLocalAppendix(dir)).version !== version) return false
        const folder = join(dir, APPENDIX_DIR)
        if (!(await linkExclusive(folder, record.name, record.bytes))) return false
        await replaceSeal(folder, seal)
        return true
      })
    },
  }
}

async function putOnce(target: string, key: string, body: Uint8Array | { readonly file: string }): Promise<void> {
  await mkdir(dirname(target), { recursive: true })
  if (!('file' in body)) {
    if (await linkExclusive(dirname(target), target.slice(dirname(target).length + 1), body)) return
    if (sha256Hex(await readFile(target)) !== sha256Hex(body)) throw writtenOnce(key)
    return
  }
  // Same file system: the file itself is linked into place (nobody rewrites a package's files).
  try {
    await link(body.file, target)
    await syncDir(dirname(target))
    return
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return sameFileOrRefuse(body.file, target, key)
    if (!LINK_FALLBACK_CODES.some((code) => isErrno(error, code))) throw error
  }
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`
  try {
    await copyFile(body.file, temp)
    const handle = await open(temp, 'r')
    await handle.sync().finally(() => handle.close())
    await link(temp, target)
    await syncDir(dirname(target))
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return sameFileOrRefuse(body.file, target, key)
    throw error
  } finally {
    await rm(temp, { force: true })
  }
}

async function sameFileOrRefuse(source: string, target: string, key: string): Promise<void> {
  const [a, b] = await Promise.all([stat(source), stat(target)])
  if (a.ino === b.ino && a.dev === b.dev) return
  if (a.size !== b.size || (await digestFile(source)).sha256 !== (await digestFile(target)).sha256) throw writtenOnce(key)
}

/** Writes `bytes` aside and links them to `folder/name`: false when that name exists already. */
async function linkExclusive(folder: string, name: string, bytes: Uint8Array): Promise<boolean> {
  await mkdir(folder, { recursive: true })
  const temp = join(folder, `.${name}.${process.pid}.${Date.now()}.tmp`)
  await writeDurable(temp, bytes)
  try {
    await link(temp, join(folder, name))
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false
    if (!LINK_FALLBACK_CODES.some((code) => isErrno(error, code))) throw error
    // A share without hard links: created exclusively in place (still never replacing a file).
    try {
      await writeDurable(join(folder, name), bytes)
    } catch (direct) {
      if (isErrno(direct, 'EEXIST')) return false
      throw direct
    }
  } finally {
    await rm(temp, { force: true })
  }
  await syncDir(folder)
  return true
}

/** The seal is the one file a local appendix rewrites: aside, then renamed over the old one. */
async function replaceSeal(folder: string, seal: Uint8Array): Promise<void> {
  const temp = join(folder, `.${SEAL_NAME}.${process.pid}.${Date.now()}.tmp`)
  await writeDurable(temp, seal)
  await rename(temp, join(folder, SEAL_NAME))
  await syncDir(folder)
}

const TEMP = /^\..+\.tmp$/

async function readLocalAppendix(dir: string): Promise<StoredAppendix> {
  const folder = join(dir, APPENDIX_DIR)
  const names = await readdir(folder).catch((error: unknown) => (isMissing(error) ? ([] as string[]) : Promise.reject(error)))
  const files: AppendixFile[] = []
  for (const name of names.filter((entry) => !TEMP.test(entry)).sort()) {
    const bytes = await readFile(join(folder, name)).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)))
    if (bytes) files.push({ name, bytes })
  }
  const records = files.filter((file) => parseAppendixName(file.name) !== null)
  const version = records.map((file) => `${file.name}:${sha256Hex(file.bytes)}`).join(',')
  return { files, version, storedAs: files.map((file) => `${APPENDIX_DIR}/${file.name}`) }
}

/** Runs `work` while holding the lock file `lock` (created exclusively); waits for another holder. */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS
  for (;;) {
    try {
      const handle = await open(lock, 'wx')
      await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`)
      await handle.close()
      break
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error
    }
    const held = await stat(lock).catch(() => null)
    if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rm(lock, { force: true })
    else if (Date.now() > deadline) {
      throw new TieoutError('TIEOUT_ERR_CONFLICT', {
        detail: `${lock} is held by another append for over ${LOCK_WAIT_MS / 1000} s; try again`,
      })
    } else await sleep(5 + Math.random() * 20)
  }
  try {
    return await work()
  } finally {
    await rm(lock, { force: true })
  }
}

function isMissing(error: unknown): boolean {
  return isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')
}

function missingOr(error: unknown, key: string): unknown {
  return isMissing(error) ? notFound(key, error) : error
}
