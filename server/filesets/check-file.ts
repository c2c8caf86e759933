import type { FilesetFile, FilesetIssue } from '../../shared/api/filesets.ts'
import { isTieoutError } from '../../shared/errors.ts'
import { extractDef } from '../../shared/extracts/catalog.ts'
import { resolveColumns } from '../../shared/extracts/reader.ts'
import type { ExtractDef } from '../../shared/extracts/schema.ts'
import type { QualityIssue } from '../../shared/result/types.ts'
import { createNormalizer, type Normalizer } from '../../shared/extracts/normalizer.ts'
import { combinePerCompany } from '../sources/files-combine.ts'
import { openDelimitedTable, type DelimitedTable } from '../sources/files-csv.ts'
import { checkUtf8File } from '../sources/files-digest.ts'
import { DEFAULT_XLSX_LIMITS, type LocatedFile, type Table, type XlsxLimits } from '../sources/files-table.ts'
import { openXlsxTable } from '../sources/files-xlsx.ts'
import type { XlsxGuardLimits } from './limits.ts'
import type { ReceivedFile } from './receive.ts'
import { checkXlsx } from './xlsx-guard.ts'

export type CheckOptions = {
  readonly signal: AbortSignal
  readonly guard: XlsxGuardLimits
  /** The files source's own workbook limits; a run reads the fileset with the defaults. */
  readonly reader?: XlsxLimits
  /** Company codes of the entity master, asked for only when a file is per company (`JDASH_<companyCode>`). */
  readonly companies?: () => Promise<ReadonlySet<string>>
}

/** A file's report and its own header row (for the cross-file check of Jdash per company). */
export type CheckedFile = { readonly report: FilesetFile; readonly header: readonly string[] | null }

/**
 * The quality checks of methodology §3 on one uploaded file, read exactly as a run's files source will
 * read it (UTF-8 check, CSV/TSV/XLSX reader, company column of a per-company Jdash file), rows
 * counted and every problem listed. A file that cannot be read as a table is an issue of check
 * `file`, not a failure of the request; only system errors (disk, abort) are thrown.
 */
export async function checkFile(file: ReceivedFile, options: CheckOptions): Promise<CheckedFile> {
  const located = locatedOf(file)
  const label = `${file.extract} file ${file.name}`
  let normalizer: Normalizer | null = null
  let header: readonly string[] | null = null
  let rows = 0
  try {
    const refused = file.format === 'xlsx' ? await checkXlsx(file.path, options.guard, options.signal) : null
    if (refused !== null) return checked(file, rows, [fileIssue(`${label}: ${refused}`)], null)
    if (file.format !== 'xlsx') await checkUtf8File(located, options.signal)
    const table = await openTable(located, options, (read) => (header = read))
    normalizer = createNormalizer(extractDef(file.extract), table.header, { file: file.name })
    const push = normalizer.push
    if ('batches' in table) {
      // A delimited file a chunk at a time: no await per record.
      for await (const batch of (table as DelimitedTable).batches) for (const record of batch) push(record, ++rows)
    } else {
      for await (const record of table.records) push(record, ++rows)
    }
    return checked(file, rows, normalizer.finish().issues.map(toFilesetIssue), header)
  } catch (error) {
    const unreadable = readProblem(error, file, label, options.signal)
    const found = normalizer ? normalizer.finish().issues.filter((issue) => issue.check !== 'min-rows') : []
    return checked(file, rows, [...found.map(toFilesetIssue), unreadable], header)
  }
}

/** An uploaded file as the files source would have located it in the fileset's folder. */
export function locatedOf(file: ReceivedFile): LocatedFile {
  return {
    extract: file.extract,
    name: file.name,
    path: file.path,
    format: file.format,
    ...(file.company === undefined ? {} : { company: file.company }),
  }
}

/** The table as a run reads it; `onHeader` gets the file's own header (before any company column). */
function openTable(file: LocatedFile, options: CheckOptions, onHeader: (header: readonly string[]) => void): Promise<Table> {
  const open = async (one: LocatedFile) => {
    const table =
      one.format === 'xlsx'
        ? await openXlsxTable(one, options.reader ?? DEFAULT_XLSX_LIMITS, options.signal)
        : await openDelimitedTable(one, options.signal, { select: checkedColumns(extractDef(one.extract)) })
    onHeader(table.header)
    return table
  }
  return file.company === undefined ? open(file) : combinePerCompany([file], open)
}

/**
 * The columns whose values the checks look at: every typed column and the key columns. Any text
 * is valid text, so other text columns are not decoded (the report is the same either way).
 */
function checkedColumns(def: ExtractDef): (header: readonly string[]) => Iterable<number> {
  const checked = new Set(
    def.columns.filter((column) => column.kind !== 'text' || def.keys.includes(column.name)).map((column) => column.name),
  )
  return (header) => [...resolveColumns(def, header).indexes].filter(([name]) => checked.has(name)).map(([, index]) => index)
}

/**
 * The reader's data-quality errors name the file, line or sheet row; an error of the xlsx library
 * itself (malformed XML, a damaged zip) is a property of the file too. Anything with an errno code
 * is the server's problem and is thrown, as is an abort.
 */
function readProblem(error: unknown, file: ReceivedFile, label: string, signal: AbortSignal): FilesetIssue {
  signal.throwIfAborted()
  if (isTieoutError(error) && error.code === 'TIEOUT_ERR_DATA_QUALITY') return fileIssue(error.message)
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (file.format === 'xlsx' && error instanceof Error && !(typeof code === 'string' && /^E[A-Z]+$/.test(code))) {
    return fileIssue(`${label}: cannot be read as a workbook: ${error.message}`)
  }
  throw error
}

function checked(file: ReceivedFile, rows: number, issues: FilesetIssue[], header: readonly string[] | null): CheckedFile {
  const passed = !issues.some((issue) => issue.severity === 'error')
  return { report: { name: file.name, extract: file.extract, bytes: file.bytes, sha256: file.sha256, rows, passed, issues }, header }
}

export function fileIssue(message: string): FilesetIssue {
  return { check: 'file', severity: 'error', message }
}

function toFilesetIssue(issue: QualityIssue): FilesetIssue {
  return {
    check: issue.check,
    severity: issue.severity,
    message: issue.message,
    ...(issue.column === undefined ? {} : { column: issue.column }),
    ...(issue.rows === undefined ? {} : { rows: [...issue.rows] }),
  }
}
