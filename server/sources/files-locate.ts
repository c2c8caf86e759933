import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import type { LocatedFile } from './files-table.ts'

/**
 * The files of an extract in a folder (methodology §3, §11): `<ID>.csv`, `.tsv` or `.xlsx`, the id exact
 * and the extension in any case. Jdash may instead come as one file per company,
 * `JDASH_<companyCode>.<ext>`. Two candidates for the same data are refused, never chosen between.
 * A symbolic link is followed to the file it names. An entry named like the extract that cannot
 * be read as a file (a broken link, a folder, a link leaving `linkRoot`) is refused with its
 * name, never skipped: a missing extract must not pass for an empty one.
 */
const FORMATS = new Set(['csv', 'tsv', 'xlsx'])
const PER_COMPANY_PREFIX = 'JDASH_'

type Candidate = {
  readonly name: string
  readonly stem: string
  readonly format: LocatedFile['format']
  /** Why the entry cannot be read as this extract's file; null when it can. */
  readonly unreadable: string | null
}

export type LocateOptions = {
  /** On the server: symbolic links must lead to a file inside this folder (the files root). */
  readonly linkRoot?: string
}

export async function locateExtract(folder: string, extract: ExtractId, options: LocateOptions = {}): Promise<LocatedFile[]> {
  const candidates = await listCandidates(folder, options)
  const matching = candidates.filter((candidate) => candidate.stem === extract || (extract === 'JDASH' && isPerCompany(candidate.stem)))
  const unreadable = matching.filter((candidate) => candidate.unreadable !== null)
  if (unreadable.length > 0) {
    const detail = unreadable.map((candidate) => `${candidate.name} ${candidate.unreadable}`).join('; ')
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `files source, ${extract}: ${detail}` })
  }
  const whole = candidates.filter((candidate) => candidate.stem === extract)
  const perCompany = extract === 'JDASH' ? candidates.filter((candidate) => isPerCompany(candidate.stem)) : []
  if (whole.length > 1) throw ambiguous(extract, whole)
  if (whole.length === 1 && perCompany.length > 0) throw ambiguous(extract, [...whole, ...perCompany])
  const located = (candidate: Candidate, company?: string): LocatedFile => ({
    extract,
    name: candidate.name,
    path: join(folder, candidate.name),
    format: candidate.format,
    ...(company === undefined ? {} : { company }),
  })
  if (whole[0]) return [located(whole[0])]
  const byCompany = new Map<string, Candidate[]>()
  for (const candidate of perCompany) {
    const company = candidate.stem.slice(PER_COMPANY_PREFIX.length)
    byCompany.set(company, [...(byCompany.get(company) ?? []), candidate])
  }
  return [...byCompany.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([company, files]) => {
      if (files.length > 1) throw ambiguous(extract, files)
      return located(files[0] as Candidate, company)
    })
}

/** A hint for a missing extract: names that differ from `<ID>.<ext>` only in case. */
export async function nearMisses(folder: string, extract: ExtractId): Promise<string[]> {
  const wanted = extract.toLowerCase()
  const candidates = await listCandidates(folder)
  return candidates
    .filter((candidate) => candidate.stem !== extract && candidate.stem.toLowerCase() === wanted)
    .map((candidate) => candidate.name)
}

function isPerCompany(stem: string): boolean {
  return stem.startsWith(PER_COMPANY_PREFIX) && stem.length > PER_COMPANY_PREFIX.length
}

async function listCandidates(folder: string, options: LocateOptions = {}): Promise<Candidate[]> {
  const entries = await readdir(folder, { withFileTypes: true })
  const candidates: Candidate[] = []
  for (const entry of entries) {
    const dot = entry.name.lastIndexOf('.')
    const format = dot > 0 ? entry.name.slice(dot + 1).toLowerCase() : ''
    if (!FORMATS.has(format)) continue
    const unreadable = await unreadableReason(folder, entry, options)
    candidates.push({ name: entry.name, stem: entry.name.slice(0, dot), format: format as Candidate['format'], unreadable })
  }
  return candidates
}

/** Null for a regular file, or a link to one (inside `linkRoot` when given); else why not. */
async function unreadableReason(folder: string, entry: Dirent, options: LocateOptions): Promise<string | null> {
  if (entry.isFile()) return null
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'is a folder, not a file' : 'is not a regular file'
  const path = join(folder, entry.name)
  let target: string
  try {
    target = await realpath(path)
  } catch {
    return 'is a symbolic link whose target does not exist'
  }
  if (!(await stat(target)).isFile()) return 'is a symbolic link to something that is not a file'
  if (options.linkRoot !== undefined) {
    const root = await realpath(options.linkRoot).catch(() => options.linkRoot as string)
    const inside = relative(root, target)
    if (inside.startsWith('..') || isAbsolute(inside)) return 'is a symbolic link to a file outside the files root; refused'
  }
  return null
}

function ambiguous(extract: ExtractId, files: readonly Candidate[]): TieoutError {
  const names = files.map((file) => file.name).sort()
  return new TieoutError('TIEOUT_ERR_DATA_QUALITY', {
    detail: `${extract}: ${names.join(', ')} could each be the extract; keep exactly one`,
  })
}
