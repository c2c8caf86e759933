import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, rename, rm } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { PassThrough, pipeline as pipelineCallback, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { TieoutError } from '../../shared/errors.ts'
import { byCodeUnits, pathExists, walkFiles } from './fs-util.ts'
import { digestingTransform, READ_CHUNK_BYTES, sha256Hex } from './hash.ts'
import { MANIFEST_FILE, PARTIAL_SUFFIX } from './layout.ts'
import { parseManifest } from './manifest.ts'
import type { PackageReader } from './package-reader.ts'
import { zipStream, type DeflatedAhead } from './zip-format.ts'
import { deflatedAheadOf, type DeflatedFile } from './zip-ahead.ts'

/** Files are stored as regular files, readable by all: the zip carries no host permissions. */
const ENTRY_MODE = 0o100644
/** Formats that are zip archives themselves. */
const ALREADY_COMPRESSED = /\.(xlsx|zip)$/i

/**
 * Zips a sealed package (appendix included, as found) into `outZip`, written aside then renamed.
 * The same package always gives the same bytes: entries in path order under one top folder
 * `tieout-evidence-<period>-<runId>/`, every timestamp the manifest's `createdAt`, fixed modes.
 * The zip comment carries the manifest hash, so an auditor sees it before unpacking.
 */
export async function zipEvidence(
  dir: string,
  outZip: string,
  ahead: ReadonlyMap<string, DeflatedFile> = new Map(),
): Promise<{ bytes: number; sha256: string }> {
  const target = resolve(outZip)
  const root = resolve(dir)
  if (isInside(root, target)) {
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `the zip ${target} cannot be written inside the package ${root}` })
  }
  const partial = `${target}${PARTIAL_SUFFIX}`
  const { transform, digest } = digestingTransform()
  try {
    await pipeline(evidenceZipStream(root, ahead), transform, createWriteStream(partial))
    await rename(partial, target)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
  const { size, sha256 } = digest()
  return { bytes: size, sha256 }
}

/**
 * The package as a zip stream (for HTTP download); errors arrive as the stream's error. `ahead`:
 * files of the package deflated ahead (`deflateAhead`), by path; used when still the same file.
 */
export function evidenceZipStream(dir: string, ahead: ReadonlyMap<string, DeflatedFile> = new Map()): NodeJS.ReadableStream {
  const root = resolve(dir)
  return zipStreamOf(async () => {
    if (root.endsWith(PARTIAL_SUFFIX) || !(await pathExists(join(root, MANIFEST_FILE)))) {
      throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `sealed evidence package ${root}` })
    }
    const { files } = await walkFiles(root)
    const local = (path: string) => join(root, ...path.split('/'))
    const open = async (path: string, start: number): Promise<Readable> =>
      createReadStream(local(path), { highWaterMark: READ_CHUNK_BYTES, start })
    const deflated = new Map<string, DeflatedAhead>()
    for (const [path, file] of ahead) {
      const usable = files.has(path) ? await deflatedAheadOf(local(path), file) : undefined
      if (usable) deflated.set(path, usable)
    }
    return zipOf(await readFile(join(root, MANIFEST_FILE)), files, open, deflated)
  })
}

/**
 * The package behind `reader` (a package in the evidence store) as a zip stream, the same bytes
 * as `evidenceZipStream` gives for the same package in a folder; each file is opened when its
 * turn comes. The reader is closed when the zip ends.
 */
export function packageZipStream(reader: PackageReader): NodeJS.ReadableStream {
  const out = zipStreamOf(async () => zipOf(await reader.readBytes(MANIFEST_FILE), reader.files, (path) => reader.open(path)))
  out.once('close', () => reader.close())
  return out
}

function zipStreamOf(build: () => Promise<Readable>): Readable {
  const out = new PassThrough()
  build().then(
    // pipeline also stops reading the package when the consumer goes away (aborted download).
    (zip) => pipelineCallback(zip, out, () => undefined),
    (error: unknown) => out.destroy(error as Error),
  )
  return out
}

/**
 * Deflate level 1: evidence is mostly CSV, which deflates well even at the fastest level; level 6
 * tripled the time of a large run's evidence step for a few percent of size. The deflate of a
 * large file runs on several threads (zip-format.ts).
 */
export const DEFLATE_LEVEL = 1

function zipOf(
  manifestBytes: Buffer,
  files: ReadonlyMap<string, number>,
  /** `start` is 0 but for a file whose first pieces were deflated ahead. */
  open: (path: string, start: number) => Promise<Readable>,
  deflated: ReadonlyMap<string, DeflatedAhead> = new Map(),
): Readable {
  const { manifest } = parseManifest(manifestBytes)
  const top = manifest ? `tieout-evidence-${manifest.period}-${safeName(manifest.runId)}` : 'tieout-evidence'
  const entries = [...files.keys()].sort(byCodeUnits).map((path) => ({
    name: `${top}/${path}`,
    // A workbook is already deflated: stored as it is, its bytes are not deflated a second time.
    store: ALREADY_COMPRESSED.test(path),
    open: (start: number) => open(path, start),
    deflated: deflated.get(path),
  }))
  return zipStream(entries, {
    ...dosDateTime(manifest?.createdAt),
    mode: ENTRY_MODE,
    level: DEFLATE_LEVEL,
    comment: `tieout evidence, manifest sha256 ${sha256Hex(manifestBytes)}`,
  })
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_')
}

/**
 * The DOS date and time of the manifest's `createdAt` as written (its local wall-clock fields, no
 * time zone applied), so the zip has the same bytes in every time zone.
 */
function dosDateTime(createdAt: string | undefined): { dosDate: number; dosTime: number } {
  const fields = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/
    .exec(createdAt ?? '')
    ?.slice(1, 7)
    .map(Number)
  // DOS time starts in 1980: the fallback when the manifest gives no createdAt.
  const [year = 1980, month = 1, day = 1, hour = 0, minute = 0, second = 0] = fields ?? []
  if (year < 1980 || year > 2107) return { dosDate: (0 << 9) | (1 << 5) | 1, dosTime: 0 }
  return { dosDate: ((year - 1980) << 9) | (month << 5) | day, dosTime: (hour << 11) | (minute << 5) | Math.floor(second / 2) }
}

function isInside(root: string, target: string): boolean {
  const path = relative(root, target)
  return path === '' || path.split(sep)[0] !== '..'
}
