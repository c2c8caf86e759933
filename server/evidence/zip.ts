import { createWriteStream } from 'node:fs'
import { readFile, rename, rm } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { PassThrough, pipeline as pipelineCallback, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import yazl from 'yazl'
import { TieoutError } from '../../shared/errors.ts'
import { byCodeUnits, pathExists, walkFiles } from './fs-util.ts'
import { digestingTransform, sha256Hex } from './hash.ts'
import { MANIFEST_FILE, PARTIAL_SUFFIX } from './layout.ts'
import { parseManifest } from './manifest.ts'
import type { PackageReader } from './package-reader.ts'

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
export async function zipEvidence(dir: string, outZip: string): Promise<{ bytes: number; sha256: string }> {
  const target = resolve(outZip)
  const root = resolve(dir)
  if (isInside(root, target)) {
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `the zip ${target} cannot be written inside the package ${root}` })
  }
  const partial = `${target}${PARTIAL_SUFFIX}`
  const { transform, digest } = digestingTransform()
  try {
    await pipeline(evidenceZipStream(root), transform, createWriteStream(partial))
    await rename(partial, target)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
  const { size, sha256 } = digest()
  return { bytes: size, sha256 }
}

/** The package as a zip stream (for HTTP download); errors arrive as the stream's error. */
export function evidenceZipStream(dir: string): NodeJS.ReadableStream {
  return zipStreamOf(() => buildZip(resolve(dir)))
}

function zipStreamOf(build: () => Promise<yazl.ZipFile>): NodeJS.ReadableStream {
  const out = new PassThrough()
  build().then(
    (zip) => {
      zip.on('error', (error: Error) => out.destroy(error))
      // pipeline also stops reading the package when the consumer goes away (aborted download).
      pipelineCallback(zip.outputStream, out, () => undefined)
    },
    (error: unknown) => out.destroy(error as Error),
  )
  return out
}

async function buildZip(root: string): Promise<yazl.ZipFile> {
  if (root.endsWith(PARTIAL_SUFFIX) || !(await pathExists(join(root, MANIFEST_FILE)))) {
    throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `sealed evidence package ${root}` })
  }
  const { files } = await walkFiles(root)
  return zipOf(await readFile(join(root, MANIFEST_FILE)), files, (zip, path, name, options) =>
    zip.addFile(join(root, ...path.split('/')), name, options),
  )
}

/**
 * The package behind `reader` (a package in the evidence store) as a zip stream, the same bytes
 * as `evidenceZipStream` gives for the same package in a folder; each file is opened when its
 * turn comes. The reader is closed when the zip ends.
 */
export function packageZipStream(reader: PackageReader): NodeJS.ReadableStream {
  return zipStreamOf(async () => {
    const zip = await zipOf(await reader.readBytes(MANIFEST_FILE), reader.files, (target, path, name, options) =>
      target.addReadStreamLazy(name, { ...options, size: reader.files.get(path) ?? 0 }, (done) => {
        reader.open(path).then(
          (stream) => done(null, stream),
          (error: unknown) => done(error as Error, undefined as unknown as Readable),
        )
      }),
    )
    zip.outputStream.once('end', () => reader.close())
    return zip
  })
}

type AddEntry = (zip: yazl.ZipFile, path: string, name: string, options: Partial<yazl.FileOptions>) => void

function zipOf(manifestBytes: Buffer, files: ReadonlyMap<string, number>, add: AddEntry): yazl.ZipFile {
  const { manifest } = parseManifest(manifestBytes)
  const top = manifest ? `tieout-evidence-${manifest.period}-${safeName(manifest.runId)}` : 'tieout-evidence'
  // Level 1: evidence is mostly CSV, which deflates well even at the fastest level; level 6 tripled
  // the time of a large run's evidence step for a few percent of size.
  const options = { mtime: localTime(manifest?.createdAt), mode: ENTRY_MODE, forceDosTimestamp: true, compressionLevel: 1 }
  // A workbook is already deflated: stored as it is, its bytes are not deflated a second time.
  const stored = { ...options, compressionLevel: 0 }
  const zip = new yazl.ZipFile()
  for (const path of [...files.keys()].sort(byCodeUnits)) {
    add(zip, path, `${top}/${path}`, ALREADY_COMPRESSED.test(path) ? stored : options)
  }
  zip.end({ comment: `tieout evidence, manifest sha256 ${sha256Hex(manifestBytes)}`, forceZip64Format: false })
  return zip
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_')
}

/**
 * yazl writes DOS times from a Date's local fields (and the UTC extra field is off), so a Date
 * built from local fields gives the same bytes in every time zone.
 */
function localTime(createdAt: string | undefined): Date {
  const fields = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/
    .exec(createdAt ?? '')
    ?.slice(1, 7)
    .map(Number)
  // DOS time starts in 1980: the fallback when the manifest gives no createdAt.
  const [year = 1980, month = 1, day = 1, hour = 0, minute = 0, second = 0] = fields ?? []
  return new Date(year, month - 1, day, hour, minute, second)
}

function isInside(root: string, target: string): boolean {
  const path = relative(root, target)
  return path === '' || path.split(sep)[0] !== '..'
}
