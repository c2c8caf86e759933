import { link, mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import type { Digest } from './hash.ts'
import { copyDigesting, digestBytes, digestFile } from './hash.ts'
import { isErrno } from './fs-util.ts'
import type { EvidenceFileInput, ManifestEntry } from './types.ts'

// A hard link cannot cross file systems or is refused by some (EPERM on FAT, ENOTSUP on others).
const LINK_FALLBACK_CODES = ['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK']

/** Puts one input file into the package being written at `root` and returns its manifest entry. */
export async function placeFile(root: string, input: EvidenceFileInput): Promise<ManifestEntry> {
  const target = join(root, ...input.path.split('/'))
  await mkdir(dirname(target), { recursive: true })
  try {
    const digest = await placeSource(input.source, target)
    return { path: input.path, size: digest.size, sha256: digest.sha256 }
  } catch (error) {
    if (error instanceof TieoutError) throw error
    const detail = `cannot write ${input.path}: ${(error as Error).message}`
    throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail }, { cause: error })
  }
}

async function placeSource(source: EvidenceFileInput['source'], target: string): Promise<Digest> {
  if ('bytes' in source) {
    const bytes = typeof source.bytes === 'string' ? Buffer.from(source.bytes, 'utf8') : source.bytes
    await writeFile(target, bytes, { flag: 'wx', flush: true })
    return digestBytes(bytes)
  }
  if (source.link === true && (await linked(source.file, target))) {
    if (source.written && (await stat(target)).size === source.written.size) return source.written
    return digestFile(target)
  }
  return copyDigesting(source.file, target)
}

async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to)
    return true
  } catch (error) {
    if (LINK_FALLBACK_CODES.some((code) => isErrno(error, code))) return false
    throw error
  }
}
