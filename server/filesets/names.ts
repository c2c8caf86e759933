import { COMPANY_CODE_PATTERN } from '../../shared/api/common.ts'
import { TieoutError } from '../../shared/errors.ts'
import { EXTRACT_IDS, isExtractId } from '../../shared/extracts/catalog.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import type { LocatedFile } from '../sources/files-table.ts'

/**
 * The names an upload may carry (methodology §3, §11): exactly `<EXTRACT_ID>.<csv|tsv|xlsx>`, or
 * `JDASH_<companyCode>.<ext>` for Jdash per company; the extension in any case. A name is also
 * the file's name on disk, so anything that could leave the upload's folder is refused outright.
 */
export type UploadName = {
  readonly name: string
  readonly extract: ExtractId
  readonly format: LocatedFile['format']
  /** Company of a per-company Jdash file. */
  readonly company?: string
}

const FORMATS: ReadonlySet<string> = new Set(['csv', 'tsv', 'xlsx'])
const PER_COMPANY_PREFIX = 'JDASH_'
const COMPANY_CODE = new RegExp(COMPANY_CODE_PATTERN)
const PLAIN_NAME = /^[A-Za-z0-9_]+\.[A-Za-z]+$/
const EXPECTED = `expected <EXTRACT_ID>.csv, .tsv or .xlsx (${EXTRACT_IDS.join(', ')}) or JDASH_<companyCode>.<ext>`

export function parseUploadName(raw: string | undefined, maxChars: number): UploadName {
  if (raw === undefined || raw === '') throw badName('a file part has no file name (send each file with its name, e.g. IPE_07.csv)')
  const shown = JSON.stringify(raw.length > maxChars ? `${raw.slice(0, maxChars)}…` : raw)
  if (raw.length > maxChars) throw badName(`file ${shown}: the name is longer than ${maxChars} characters`)
  if (isPathLike(raw)) {
    throw badName(`file ${shown}: must be a plain file name (no folders, slashes, backslashes, "..", drive letters or control characters)`)
  }
  if (!PLAIN_NAME.test(raw)) throw badName(`file ${shown}: unexpected name; ${EXPECTED}`)
  const dot = raw.lastIndexOf('.')
  const stem = raw.slice(0, dot)
  const format = raw.slice(dot + 1).toLowerCase()
  if (!FORMATS.has(format)) throw badName(`file ${shown}: unexpected extension ".${raw.slice(dot + 1)}"; ${EXPECTED}`)
  const typed = format as UploadName['format']
  if (isExtractId(stem)) return { name: raw, extract: stem, format: typed }
  if (stem.startsWith(PER_COMPANY_PREFIX)) {
    const company = stem.slice(PER_COMPANY_PREFIX.length)
    if (!COMPANY_CODE.test(company)) throw badName(`file ${shown}: JDASH_ must be followed by a company code such as EC_NG`)
    return { name: raw, extract: 'JDASH', format: typed, company }
  }
  const hint = EXTRACT_IDS.find((id) => id.toLowerCase() === stem.toLowerCase())
  throw badName(`file ${shown}: unexpected name; ${hint ? `extract ids are exact: did you mean ${hint}.${format}?` : EXPECTED}`)
}

/**
 * The names accepted so far in one upload. Each extract comes once (Jdash either as one file or
 * as one file per company, never both), and no two names differ only by case, which a
 * case-insensitive disk would store as one file.
 */
export function createNameRegister() {
  const byLowerName = new Map<string, string>()
  const byData = new Map<string, string>()
  return {
    add(file: UploadName): void {
      const earlier = byLowerName.get(file.name.toLowerCase())
      if (earlier === file.name) throw badName(`file "${file.name}": appears twice in the upload`)
      if (earlier !== undefined) throw badName(`file "${file.name}": differs from "${earlier}" only by case`)
      const data = file.company === undefined ? file.extract : `${file.extract}_${file.company.toUpperCase()}`
      const same = byData.get(data)
      if (same !== undefined) throw badName(`file "${file.name}": ${describeData(file)} is already supplied as "${same}"; keep exactly one`)
      const mixed = conflictingJdash(file, byData)
      if (mixed !== undefined) {
        throw badName(
          `file "${file.name}": Jdash is already supplied as "${mixed}"; send either one JDASH file or one JDASH_<companyCode> file per company, not both`,
        )
      }
      byLowerName.set(file.name.toLowerCase(), file.name)
      byData.set(data, file.name)
    },
  }
}

/** `JDASH.csv` with `JDASH_EC_NG.csv`: the files source refuses the pair, so the upload does too. */
function conflictingJdash(file: UploadName, byData: ReadonlyMap<string, string>): string | undefined {
  if (file.extract !== 'JDASH') return undefined
  if (file.company !== undefined) return byData.get('JDASH')
  return [...byData].find(([data]) => data.startsWith(PER_COMPANY_PREFIX))?.[1]
}

/** Folders, parent references, drive letters, absolute paths and control characters (NUL included). */
function isPathLike(raw: string): boolean {
  if (raw.includes('/') || raw.includes('\\') || raw.includes('..') || raw.startsWith('.') || /^[A-Za-z]:/.test(raw)) return true
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

function describeData(file: UploadName): string {
  return file.company === undefined ? `extract ${file.extract}` : `Jdash of company ${file.company}`
}

function badName(detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail })
}
