import { ExcelOperationError, isResponseTooLarge } from './excel-error.ts'

/** A rectangle to read, with the response size expected per row (from what was written). */
export type RangeRead = {
  readonly sheet: string
  readonly row: number
  readonly column: number
  readonly columns: number
  readonly rowBytes: readonly number[]
}

export type ReadResult = {
  readonly values: unknown[][][]
  readonly protectedSheets: ReadonlyMap<string, boolean>
  readonly syncs: number
}

/** Excel's response cap is 5 MB; reads aim below it with room for longer text typed since. */
export const READ_BUDGET_BYTES = 4 * 1024 * 1024

type Chunk = { readonly read: number; readonly offset: number; readonly rows: number; readonly bytes: number }

/**
 * Reads the rectangles in as few requests as fit the budget (one, for workbooks of normal size),
 * with each sheet's protection state in the first. A response over the cap is retried in halves.
 */
export async function readRanges(reads: readonly RangeRead[], job: string, budget = READ_BUDGET_BYTES): Promise<ReadResult> {
  try {
    return await Excel.run((context) => readWith(context, reads, budget))
  } catch (error) {
    if (isResponseTooLarge(error) && budget > 64 * 1024) return readRanges(reads, job, budget / 2)
    throw new ExcelOperationError(job, error)
  }
}

async function readWith(context: Excel.RequestContext, reads: readonly RangeRead[], budget: number): Promise<ReadResult> {
  const values: unknown[][][] = reads.map(() => [])
  const sheetNames = [...new Set(reads.map((read) => read.sheet))]
  const protections = sheetNames.map((name) => context.workbook.worksheets.getItem(name).protection.load('protected'))
  let syncs = 0
  for (const batch of packChunks(reads, budget)) {
    const ranges = batch.map((chunk) => {
      const read = reads[chunk.read] as RangeRead
      const sheet = context.workbook.worksheets.getItem(read.sheet)
      return { chunk, range: sheet.getRangeByIndexes(read.row + chunk.offset, read.column, chunk.rows, read.columns).load('values') }
    })
    await context.sync()
    syncs += 1
    for (const { chunk, range } of ranges) values[chunk.read]?.push(...(range.values as unknown[][]))
  }
  const protectedSheets = new Map(sheetNames.map((name, i) => [name, protections[i]?.protected ?? false]))
  return { values, protectedSheets, syncs }
}

/** Row chunks packed into requests within the budget; a request takes at least one row. */
function packChunks(reads: readonly RangeRead[], budget: number): Chunk[][] {
  const batches: Chunk[][] = []
  let batch: Chunk[] = []
  let used = 0
  const flush = (): void => {
    if (batch.length > 0) batches.push(batch)
    batch = []
    used = 0
  }
  reads.forEach((read, index) => {
    let offset = 0
    while (offset < read.rowBytes.length) {
      let rows = 0
      let bytes = 0
      for (; offset + rows < read.rowBytes.length; rows++) {
        const next = read.rowBytes[offset + rows] ?? 0
        if (used + bytes + next > budget && (rows > 0 || batch.length > 0)) break
        bytes += next
      }
      if (rows > 0) batch.push({ read: index, offset, rows, bytes })
      used += bytes
      offset += rows
      if (offset < read.rowBytes.length) flush()
    }
  })
  flush()
  return batches.length === 0 ? [[]] : batches
}
