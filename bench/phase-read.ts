/**
 * Phase `read` (files): the CSV/TSV reader alone, every delimited file of a folder read as the
 * files source reads it (schema columns decoded, records counted, nothing else), one file after
 * the other. Target for CR_03 (42 columns): ≥ 250,000 rows/s and ≥ 100 MB/s per core.
 *
 *   node --import tsx bench/phase-read.ts DIR
 */
import { stat } from 'node:fs/promises'
import { locateExtract } from '../server/sources/files-locate.ts'
import { openDelimitedTable } from '../server/sources/files-csv.ts'
import { schemaColumns } from '../server/sources/files.ts'
import { EXTRACT_IDS, extractDef } from '../shared/extracts/catalog.ts'
import { argument, emitReport, rssKiB, stopwatch, type ChildFigure } from './report.ts'

const dir = argument(0, 'phase-read.ts DIR')
const signal = new AbortController().signal
const base = rssKiB()
const figures: ChildFigure[] = []
const watch = stopwatch()
let rows = 0
let bytes = 0
for (const id of EXTRACT_IDS) {
  for (const file of await locateExtract(dir, id)) {
    if (file.format === 'xlsx') continue
    const size = (await stat(file.path)).size
    const fileWatch = stopwatch()
    const table = await openDelimitedTable(file, signal, { select: schemaColumns(extractDef(id)) })
    let count = 0
    for await (const _ of table.records) count += 1
    figures.push({ name: file.name, rows: count, ...fileWatch.elapsed(), bytes: size, note: `${table.header.length} columns` })
    rows += count
    bytes += size
  }
}
emitReport([{ name: 'all files', rows, ...watch.elapsed(), bytes }, ...figures], base)
