import { dataQualityError } from '../../shared/errors.ts'
import { JDASH } from '../../shared/extracts/catalog.ts'
import type { LocatedFile, Table } from './files-table.ts'

/**
 * One stream from per-company files (`JDASH_<companyCode>.csv`, methodology §11): the first file's
 * columns plus `ID_COMPANY`, filled from each file's name. Every file must have the same columns
 * (in any order) and none may carry its own company column, which could contradict its name.
 */
const COMPANY_COLUMN = 'ID_COMPANY'
const COMPANY_NAMES = companyColumnNames()

export async function combinePerCompany(files: readonly LocatedFile[], openTable: (file: LocatedFile) => Promise<Table>): Promise<Table> {
  const [first, ...others] = files
  if (first === undefined) throw new RangeError('no files to combine')
  const firstTable = await openTable(first)
  const names = cleanNames(first, firstTable.header)
  return {
    header: [...names, COMPANY_COLUMN],
    records: (async function* () {
      yield* withCompany(firstTable.records, first, undefined)
      for (const file of others) {
        const table = await openTable(file)
        yield* withCompany(table.records, file, alignment(names, cleanNames(file, table.header), file, first))
      }
    })(),
  }
}

/** Positions of `names` in another file's header; `undefined` when the order is the same. */
function alignment(names: readonly string[], other: readonly string[], file: LocatedFile, first: LocatedFile): number[] | undefined {
  const positions = new Map(other.map((name, index) => [name, index]))
  const missing = names.filter((name) => !positions.has(name))
  const extra = other.filter((name) => !names.includes(name))
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `extra ${extra.join(', ')}` : '']
    throw dataQualityError(`${file.extract} file ${file.name}: columns differ from ${first.name} (${parts.filter(Boolean).join('; ')})`)
  }
  const order = names.map((name) => positions.get(name) as number)
  return order.every((position, index) => position === index) ? undefined : order
}

async function* withCompany(
  records: AsyncIterable<readonly unknown[]>,
  file: LocatedFile,
  order: readonly number[] | undefined,
): AsyncGenerator<readonly unknown[]> {
  const company = file.company ?? null
  for await (const record of records) {
    yield order === undefined ? [...record, company] : [...order.map((position) => record[position]), company]
  }
}

function cleanNames(file: LocatedFile, header: readonly string[]): string[] {
  const names = header.map((name) => name.replace(/^\uFEFF/, '').trim())
  const own = names.find((name) => COMPANY_NAMES.has(name))
  if (own !== undefined) {
    throw dataQualityError(
      `${file.extract} file ${file.name}: has its own "${own}" column; use either one ${file.extract} file with a company ` +
        `column or one file per company (${file.extract}_<companyCode>) without it`,
    )
  }
  return names
}

function companyColumnNames(): ReadonlySet<string> {
  const column = JDASH.columns.find((candidate) => 'field' in candidate && candidate.field === 'companyCode')
  return new Set(column ? [column.name, ...(column.aliases ?? [])] : [COMPANY_COLUMN])
}
