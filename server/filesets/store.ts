import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Value } from 'typebox/value'
import { FILESET_ID_PATTERN, FilesetRecordSchema, type FilesetRecord } from '../../shared/api/filesets.ts'
import type { RunSourceRequest } from '../../shared/api/runs.ts'
import { TieoutError } from '../../shared/errors.ts'
import { filesetKey, STORE_FILESETS, type EvidenceStore } from '../evidence/store/evidence-store.ts'

/**
 * Uploaded filesets on disk: `<dataDir>/filesets/<id>/` holds the files and `fileset.json`, the
 * record of a validated upload. An upload is written to `<id>.partial/` and renamed when every
 * file has passed, so a folder with a record is complete; a failed upload is deleted.
 */
export const RECORD_FILE = 'fileset.json'
const PARTIAL_SUFFIX = '.partial'
const ID = new RegExp(FILESET_ID_PATTERN)

/** The folder the run runtime reads a fileset from (`join(dataDir, 'filesets', id)`). */
export function filesetsRoot(dataDir: string): string {
  return join(dataDir, 'filesets')
}

export function partialDir(root: string, id: string): string {
  return join(root, `${id}${PARTIAL_SUFFIX}`)
}

export async function openPartial(root: string, id: string): Promise<string> {
  const dir = partialDir(root, id)
  await mkdir(dir, { recursive: true })
  return dir
}

export async function discardPartial(root: string, id: string): Promise<void> {
  await rm(partialDir(root, id), { recursive: true, force: true })
}

/** Writes the record into the upload's folder, then gives the folder its final name. */
export async function sealFileset(root: string, record: FilesetRecord): Promise<void> {
  const dir = partialDir(root, record.id)
  await writeFile(join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' })
  await rename(dir, join(root, record.id))
}

/** The record of a validated fileset; 404 when there is none (unknown, failed or unfinished). */
export async function readFileset(root: string, id: string): Promise<FilesetRecord> {
  const record = await findFileset(root, id)
  if (record === null) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `fileset ${id}` })
  return record
}

/** `POST /api/runs` from a fileset: only an upload that passed every check may be read by a run. */
export async function assertRunnableFileset(
  dataDir: string,
  source: RunSourceRequest | undefined,
  filesets: Pick<FilesetStore, 'assertUsable'> = { assertUsable: (id) => assertUsableFileset(filesetsRoot(dataDir), id) },
): Promise<void> {
  if (source?.kind === 'fileset' && source.filesetId !== undefined) await filesets.assertUsable(source.filesetId)
}

export async function assertUsableFileset(root: string, id: string): Promise<void> {
  const record = await findFileset(root, id)
  if (record === null || !record.passed) throw unusable(id)
}

function unusable(id: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_INPUT', {
    detail: `source.filesetId: "${id}" is not a validated upload; upload the extract files with POST /api/filesets and use the id it returns`,
  })
}

async function findFileset(root: string, id: string): Promise<FilesetRecord | null> {
  if (!ID.test(id)) return null
  let text: string
  try {
    text = await readFile(join(root, id, RECORD_FILE), 'utf8')
  } catch (error) {
    if (isMissing(error)) return null
    throw error
  }
  const record: unknown = parseJson(text)
  return Value.Check(FilesetRecordSchema, record) && record.id === id ? record : null
}

/**
 * Removes `.partial` folders left by uploads that never finished (a crash, a restart mid-upload),
 * once they are older than any upload could take.
 */
export async function sweepPartials(root: string, olderThanMs: number, now: Date): Promise<string[]> {
  const names = await readdir(root).catch((error: unknown) => (isMissing(error) ? [] : Promise.reject(error)))
  const removed: string[] = []
  for (const name of names) {
    if (!name.endsWith(PARTIAL_SUFFIX)) continue
    const dir = join(root, name)
    const info = await stat(dir).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)))
    if (info === null || now.getTime() - info.mtimeMs < olderThanMs) continue
    await rm(dir, { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/**
 * Uploaded filesets in the evidence store, with a local folder (`<dataDir>/filesets`) for
 * uploads in progress and as a cache of the store: an upload is checked in `<id>.partial/`,
 * then published to the store (every file once, `fileset.json` last) and kept as `<id>/` in
 * the cache. A run on another instance fills its cache from the store before reading; the files
 * source reads the cached folder.
 */
export type FilesetStore = {
  /** The local folder of uploads in progress and of cached filesets. */
  readonly root: string
  /** Publishes a checked upload (`<root>/<id>.partial/`) with its record. */
  seal(record: FilesetRecord): Promise<void>
  /** The record of a validated fileset; 404 when there is none. */
  read(id: string): Promise<FilesetRecord>
  /** 400 naming `source.filesetId` unless the fileset passed every check. */
  assertUsable(id: string): Promise<void>
  /** The fileset's local folder, filled from the store when this instance has not got it yet. */
  localDir(id: string): Promise<string>
}

export function createFilesetStore(store: EvidenceStore, root: string): FilesetStore {
  const cache = resolve(root)
  // The data directory is the store: the uploaded folder is the published one.
  if (store.localPath(STORE_FILESETS) === cache) {
    return {
      root: cache,
      seal: (record) => sealFileset(cache, record),
      read: (id) => readFileset(cache, id),
      assertUsable: (id) => assertUsableFileset(cache, id),
      localDir: async (id) => join(cache, id),
    }
  }
  const find = async (id: string): Promise<FilesetRecord | null> => {
    if (!ID.test(id)) return null
    const bytes = await store.read(`${filesetKey(id)}/${RECORD_FILE}`).catch((error: unknown) => {
      if (error instanceof TieoutError && error.code === 'TIEOUT_ERR_NOT_FOUND') return null
      throw error
    })
    const record: unknown = bytes === null ? null : parseJson(bytes.toString('utf8'))
    return Value.Check(FilesetRecordSchema, record) && record.id === id ? record : null
  }
  return {
    root: cache,
    seal: async (record) => {
      const dir = partialDir(cache, record.id)
      const names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name)
      for (const name of names.sort()) await store.putOnce(`${filesetKey(record.id)}/${name}`, { file: join(dir, name) })
      const bytes = Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8')
      await store.putOnce(`${filesetKey(record.id)}/${RECORD_FILE}`, bytes)
      await sealFileset(cache, record)
    },
    read: async (id) => {
      const record = await find(id)
      if (record === null) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `fileset ${id}` })
      return record
    },
    assertUsable: async (id) => {
      const record = await find(id)
      if (record === null || !record.passed) throw unusable(id)
    },
    localDir: async (id) => {
      const dir = join(cache, id)
      if (!ID.test(id) || (await findFileset(cache, id)) !== null) return dir
      await fillCache(store, cache, id)
      return dir
    },
  }
}

/** Downloads the fileset into `<cache>/<id>/`, written aside and renamed (another process may be doing the same). */
async function fillCache(store: EvidenceStore, cache: string, id: string): Promise<void> {
  const files = await store.list(filesetKey(id))
  if (!files.has(RECORD_FILE)) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `fileset ${id} in the evidence store` })
  const temp = join(cache, `${id}.${randomUUID()}${PARTIAL_SUFFIX}`)
  await mkdir(temp, { recursive: true })
  try {
    for (const name of [...files.keys()].sort()) {
      if (name.includes('/')) continue
      await pipeline(await store.open(`${filesetKey(id)}/${name}`), createWriteStream(join(temp, name), { flags: 'wx' }))
    }
    await rename(temp, join(cache, id)).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error
    })
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}
