import { TieoutError } from '../../shared/errors.ts'
import { extractDef } from '../../shared/extracts/catalog.ts'
import { resolveColumns } from '../../shared/extracts/reader.ts'
import type { ExtractDef, ExtractId } from '../../shared/extracts/schema.ts'
import { combinePerCompany } from './files-combine.ts'
import { openDelimitedTable, planByteRanges, type DelimitedReadOptions, type DelimitedTable } from './files-csv.ts'
import { digestFile, type OriginalFile } from './files-digest.ts'
import { locateExtract, nearMisses } from './files-locate.ts'
import { DEFAULT_XLSX_LIMITS, type LocatedFile, type Table, type XlsxLimits } from './files-table.ts'
import type { ExtractRequest, RecordStream, Source } from './source.ts'
import { openXlsxTable } from './files-xlsx.ts'

/**
 * Extracts from a folder of files (methodology §3): the CLI's `--source files:DIR`, or an uploaded
 * fileset's folder. Records carry cells as the files hold them; the quality checks parse them.
 */
export type FilesSourceOptions = {
  readonly xlsx?: Partial<XlsxLimits>
  /** On the server: symbolic links in the folder must lead inside this folder (the files root). */
  readonly linkRoot?: string
  /** Delimited files from this size on may be read in byte ranges on several threads (default 32 MiB). */
  readonly splitMinBytes?: number
}

/** Provenance of a files extract: the original files as supplied, for the evidence. */
export type FilesProvenance = RecordStream['provenance'] & {
  readonly kind: 'files'
  readonly file: string
  readonly originals: readonly OriginalFile[]
}

export function createFilesSource(folder: string, options: FilesSourceOptions = {}): Source {
  const limits: XlsxLimits = { ...DEFAULT_XLSX_LIMITS, ...options.xlsx }
  const locate = (extract: ExtractId) => locateIn(folder, extract, options.linkRoot)
  return {
    kind: 'files',
    describe: () => `files: ${folder}`,
    workerSpec: () => ({
      kind: 'files',
      folder,
      ...(options.xlsx ? { xlsx: { ...options.xlsx } } : {}),
      ...(options.linkRoot !== undefined ? { linkRoot: options.linkRoot } : {}),
    }),
    has: async (extract) => (await locate(extract)).length > 0,
    read: async (request) => readExtract(folder, await locate(request.extract), request, limits),
    splitPlan: async (extract, parts, signal) => {
      const files = await locate(extract)
      const file = files.length === 1 ? files[0] : undefined
      if (file === undefined || file.company !== undefined || file.format === 'xlsx') return null
      const ranges = await planByteRanges(file, parts, signal, options.splitMinBytes)
      const header = ranges?.[1]?.resume?.header
      if (ranges === null || header === undefined) return null
      return { file, header, ranges, provenance: async (abort) => filesProvenance([await digestFile(file, abort)]) }
    },
    close: async () => undefined,
  }
}

async function readExtract(
  folder: string,
  files: readonly LocatedFile[],
  request: ExtractRequest,
  limits: XlsxLimits,
): Promise<RecordStream> {
  const { extract, signal } = request
  if (files.length === 0) throw await missingExtract(folder, extract)
  const originals: OriginalFile[] = []
  for (const file of files) originals.push(await digestFile(file, signal))
  const open = (file: LocatedFile) => openTable(file, limits, signal, schemaColumns(extractDef(extract)))
  const single = files.length === 1 && files[0]?.company === undefined
  const table = single ? await open(files[0] as LocatedFile) : await combinePerCompany(files, open)
  const batches = 'batches' in table ? { batches: (table as DelimitedTable).batches } : {}
  return { header: table.header, records: table.records, ...batches, provenance: filesProvenance(originals) }
}

function filesProvenance(originals: readonly OriginalFile[]): FilesProvenance {
  return {
    kind: 'files',
    file: originals.map((original) => original.name).join(', '),
    description: `files: ${originals.map((original) => `${original.name} (${original.bytes} bytes, SHA-256 ${original.sha256})`).join(', ')}`,
    originals,
  }
}

function openTable(file: LocatedFile, limits: XlsxLimits, signal: AbortSignal, select: DelimitedReadOptions['select']): Promise<Table> {
  return file.format === 'xlsx' ? openXlsxTable(file, limits, signal) : openDelimitedTable(file, signal, { select })
}

/** Only the columns the extract's schema reads are decoded; other fields of a record stay empty. */
export function schemaColumns(def: ExtractDef): (header: readonly string[]) => Iterable<number> {
  return (header) => resolveColumns(def, header).indexes.values()
}

async function locateIn(folder: string, extract: ExtractId, linkRoot: string | undefined): Promise<LocatedFile[]> {
  try {
    return await locateExtract(folder, extract, linkRoot === undefined ? {} : { linkRoot })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `files source: ${folder} is not a folder` }, { cause: error })
    }
    throw error
  }
}

async function missingExtract(folder: string, extract: ExtractId): Promise<TieoutError> {
  const wanted = `${extract}.csv, ${extract}.tsv or ${extract}.xlsx${extract === 'JDASH' ? ` (or ${extract}_<companyCode>.csv per company)` : ''}`
  const near = await nearMisses(folder, extract)
  const hint = near.length > 0 ? `; found ${near.join(', ')}: the name must match the extract id exactly` : ''
  return new TieoutError('TIEOUT_ERR_MISSING_EXTRACT', { extract, detail: `no ${wanted} in the files source${hint}` })
}
