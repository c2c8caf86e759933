import type { FilesetFile } from '../../shared/api/filesets.ts'
import { isTieoutError } from '../../shared/errors.ts'
import { combinePerCompany } from '../sources/files-combine.ts'
import type { LocatedFile, Table } from '../sources/files-table.ts'
import { checkFile, fileIssue, locatedOf, type CheckedFile, type CheckOptions } from './check-file.ts'
import type { ReceivedFile } from './receive.ts'

/**
 * Every file of an upload through the quality checks, one after another (each streams; memory is
 * bounded by one file's key index), then the check a run makes across files: Jdash files per
 * company must have the same columns as the first of them.
 */
export async function checkFiles(files: readonly ReceivedFile[], options: CheckOptions): Promise<FilesetFile[]> {
  const checked: CheckedFile[] = []
  for (const file of files) checked.push(await checkFile(file, options))
  const reports = await crossCheckCompanies(files, checked)
  return options.companies ? checkCompanyNames(files, reports, options.companies) : reports
}

/**
 * A per-company file's rows carry the company of its name: a code the entity master does not know
 * would never match a run's entity, and its Jdash usage would silently drop out of the timing bridge.
 */
async function checkCompanyNames(
  files: readonly ReceivedFile[],
  reports: readonly FilesetFile[],
  master: () => Promise<ReadonlySet<string>>,
): Promise<FilesetFile[]> {
  if (!files.some((file) => file.company !== undefined)) return [...reports]
  const known = await master()
  return reports.map((report, index) => {
    const company = files[index]?.company
    if (company === undefined || known.has(company)) return report
    const same = [...known].find((code) => code.toUpperCase() === company.toUpperCase())
    const message = `${report.extract} file ${report.name}: company ${company} (from the file name) is not in the entity master${same ? `; did you mean ${same}?` : ''}`
    return { ...report, passed: false, issues: [...report.issues, { check: 'company' as const, severity: 'error' as const, message }] }
  })
}

async function crossCheckCompanies(files: readonly ReceivedFile[], checked: readonly CheckedFile[]): Promise<FilesetFile[]> {
  const reports = checked.map((one) => one.report)
  const perCompany = files.flatMap((file, index) => {
    const header = checked[index]?.header
    return file.company !== undefined && header ? [{ index, file, header }] : []
  })
  const [first, ...others] = perCompany
  if (first === undefined) return reports
  for (const other of others) {
    const problem = await columnsProblem([first, other])
    const report = reports[other.index]
    if (problem !== null && report) reports[other.index] = { ...report, passed: false, issues: [...report.issues, fileIssue(problem)] }
  }
  return reports
}

type HeaderOf = { readonly file: ReceivedFile; readonly header: readonly string[] }

/** The files source's own comparison, run on the headers alone (no rows are read again). */
async function columnsProblem(pair: readonly HeaderOf[]): Promise<string | null> {
  const headers = new Map(pair.map((one) => [one.file.name, one.header]))
  const headerOnly = async (file: LocatedFile): Promise<Table> => ({ header: headers.get(file.name) ?? [], records: noRecords() })
  try {
    const combined = await combinePerCompany(
      pair.map((one) => locatedOf(one.file)),
      headerOnly,
    )
    // The second file's columns are compared when the stream reaches it.
    for await (const _ of combined.records) continue
    return null
  } catch (error) {
    if (isTieoutError(error) && error.code === 'TIEOUT_ERR_DATA_QUALITY') return error.message
    throw error
  }
}

async function* noRecords(): AsyncGenerator<readonly unknown[]> {}
