import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import type { LocatedFile } from './files-table.ts'

/**
 * The files of an extract in a folder (SPEC §3, §11): `<ID>.csv`, `.tsv` or `.xlsx`, the id exact
 * and the extension in any case. Jdash may instead come as one file per company,
 * `JDASH_<companyCode>.<ext>`. Two candidates for the same data are refused, never chosen between.
 */
const FORMATS = new Set(['csv', 'tsv', 'xlsx'])
const PER_COMPANY_PREFIX = 'JDASH_'

type Candidate = { readonly name: string; readonly stem: string; readonly format: LocatedFile['format'] }

export async function locateExtract(folder: string, extract: ExtractId): Promise<LocatedFile[]> {
  const candidates = await listCandidates(folder)
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

async function listCandidates(folder: string): Promise<Candidate[]> {
  const entries = await readdir(folder, { withFileTypes: true })
  const candidates: Candidate[] = []
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const dot = entry.name.lastIndexOf('.')
    const format = dot > 0 ? entry.name.slice(dot + 1).toLowerCase() : ''
    if (FORMATS.has(format)) {
      candidates.push({ name: entry.name, stem: entry.name.slice(0, dot), format: format as Candidate['format'] })
    }
  }
  return candidates
}

function ambiguous(extract: ExtractId, files: readonly Candidate[]): TieoutError {
  const names = files.map((file) => file.name).sort()
  return new TieoutError('TIEOUT_ERR_DATA_QUALITY', {
    detail: `${extract}: ${names.join(', ')} could each be the extract; keep exactly one`,
  })
}
