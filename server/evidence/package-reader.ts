import { createReadStream } from 'node:fs'
import { open, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { Readable } from 'node:stream'
import type { Entry, ZipFile } from 'yauzl'
import yauzl from 'yauzl'
import { TieoutError } from '../../shared/errors.ts'
import { isErrno, pathExists, walkFiles } from './fs-util.ts'
import { READ_CHUNK_BYTES } from './hash.ts'
import { MANIFEST_FILE, PARTIAL_SUFFIX } from './layout.ts'

/**
 * Read access to a package as found, whether a folder or a zip, so `verify` checks both the same
 * way. Paths are relative posix paths inside the package (a zip's single top folder is removed).
 */
export type PackageReader = {
  readonly kind: 'dir' | 'zip'
  /** Where the package sits: the folder's absolute path, or the zip's top folder name ("" when none). */
  readonly location: string
  /** Regular files, including manifest.json and appendix/, with their sizes in bytes. */
  readonly files: ReadonlyMap<string, number>
  /** Entries that cannot be package files (links, devices, repeated zip entries), as sentences. */
  readonly problems: readonly string[]
  open(path: string): Promise<Readable>
  /** For small files only (manifest, appendix records). */
  readBytes(path: string): Promise<Buffer>
  close(): void
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06])

/**
 * Opens the package at a folder, its `manifest.json`, or a zip.
 *
 * @throws TIEOUT_ERR_NOT_FOUND when nothing is there (a crashed write leaves only `<dir>.partial`).
 * @throws TIEOUT_ERR_EVIDENCE for an unfinished write, a folder without manifest, or an unreadable zip.
 */
export async function openPackage(pathToDirOrZip: string): Promise<PackageReader> {
  const path = resolve(pathToDirOrZip)
  if (path.endsWith(PARTIAL_SUFFIX)) throw unfinished(path)
  const kind = await entryKind(path)
  if (kind === 'dir') return openDir(path)
  if (basename(path) === MANIFEST_FILE) return openDir(dirname(path))
  if (await isZipFile(path)) return openZip(path)
  throw evidenceError(`${path} is neither an evidence folder nor a zip`)
}

export async function isZipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(4)
    await handle.read(head, 0, 4, 0)
    return head.equals(ZIP_MAGIC) || head.equals(EMPTY_ZIP_MAGIC)
  } finally {
    await handle.close()
  }
}

async function entryKind(path: string): Promise<'dir' | 'file'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file'
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error
    if (await pathExists(`${path}${PARTIAL_SUFFIX}`)) throw unfinished(`${path}${PARTIAL_SUFFIX}`)
    throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `evidence package ${path}` })
  }
}

async function openDir(root: string): Promise<PackageReader> {
  const { files, irregular } = await walkFiles(root)
  if (!files.has(MANIFEST_FILE)) throw evidenceError(`${root} has no ${MANIFEST_FILE}: it is not a sealed evidence package`)
  const local = (path: string): string => join(root, ...path.split('/'))
  return {
    kind: 'dir',
    location: root,
    files,
    problems: irregular.map((path) => `${path} is not a regular file`),
    open: async (path) => createReadStream(local(path), { highWaterMark: READ_CHUNK_BYTES }),
    readBytes: (path) => readFile(local(path)),
    close: () => undefined,
  }
}

async function openZip(path: string): Promise<PackageReader> {
  let zip: ZipFile
  const entries: Entry[] = []
  try {
    zip = await yauzl.openPromise(path, { autoClose: false, validateEntrySizes: true })
    for await (const entry of zip.eachEntry()) if (!entry.fileName.endsWith('/')) entries.push(entry)
  } catch (error) {
    throw evidenceError(`${path} is not a readable zip: ${(error as Error).message}`)
  }
  const prefix = packagePrefix(entries)
  if (prefix === null) {
    zip.close()
    throw evidenceError(`${path} holds no ${MANIFEST_FILE}: it is not an evidence package`)
  }
  return zipReader(zip, path, prefix, entries)
}

function zipReader(zip: ZipFile, path: string, prefix: string, raw: readonly Entry[]): PackageReader {
  const entries = new Map<string, Entry>()
  const problems: string[] = []
  for (const entry of raw) {
    const name = entry.fileName.startsWith(prefix) ? entry.fileName.slice(prefix.length) : entry.fileName
    if (entries.has(name)) problems.push(`${name} appears twice in the zip`)
    else entries.set(name, entry)
  }
  const open = (file: string): Promise<Readable> => {
    const entry = entries.get(file)
    if (!entry) return Promise.reject(evidenceError(`${file} is not in ${path}`))
    return zip.openReadStreamPromise(entry)
  }
  return {
    kind: 'zip',
    location: prefix.replace(/\/$/, ''),
    files: new Map([...entries].map(([file, entry]) => [file, entry.uncompressedSize])),
    problems,
    open,
    readBytes: async (file) => readAll(await open(file)),
    close: () => zip.close(),
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** "" when the manifest is at the zip's root, "<top>/" when the package sits in one top folder. */
function packagePrefix(entries: readonly Entry[]): string | null {
  const names = entries.map((entry) => entry.fileName)
  if (names.includes(MANIFEST_FILE)) return ''
  const tops = names.filter((name) => name.endsWith(`/${MANIFEST_FILE}`) && name.split('/').length === 2)
  const top = tops.length === 1 ? tops[0] : undefined
  return top === undefined ? null : top.slice(0, -MANIFEST_FILE.length)
}

function unfinished(path: string): TieoutError {
  return evidenceError(`${path} is an unfinished write (crashed or in progress), not a sealed package`)
}

function evidenceError(detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_EVIDENCE', { detail })
}
