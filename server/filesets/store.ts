import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Value } from 'typebox/value'
import { FILESET_ID_PATTERN, FilesetRecordSchema, type FilesetRecord } from '../../shared/api/filesets.ts'
import type { RunSourceRequest } from '../../shared/api/runs.ts'
import { TieoutError } from '../../shared/errors.ts'

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
export async function assertRunnableFileset(dataDir: string, source: RunSourceRequest | undefined): Promise<void> {
  if (source?.kind === 'fileset' && source.filesetId !== undefined) await assertUsableFileset(filesetsRoot(dataDir), source.filesetId)
}

export async function assertUsableFileset(root: string, id: string): Promise<void> {
  const record = await findFileset(root, id)
  if (record === null || !record.passed) {
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', {
      detail: `source.filesetId: "${id}" is not a validated upload; upload the extract files with POST /api/filesets and use the id it returns`,
    })
  }
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
