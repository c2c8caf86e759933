/**
 * Phase 2b: the canonical CSV writer alone (format + SHA-256 + disk, target ≥ 1M rows/s) and the
 * canonical reader alone (typed decode, as the compute step reads).
 *
 * Writer: real canonical cells, normalized from the demo files and held in memory (at most SAMPLE
 * rows per extract, cycled), written through `openCanonicalWriter`, so neither the source parser
 * nor the quality checks are in the figure. Two figures: every extract of the run at its real row
 * count (the mix a run writes), and CR_03 alone (42 columns, ≈ 344 bytes a row: the widest large
 * extract) for at least 1M rows.
 * Reader: `forEachRow` over every canonical extract the extract phase left in RUN_DIR, filtered
 * to the run's companies as the compute step does.
 *
 *   node --import tsx bench/phase-canonical.ts PERIOD DEMO_DIR RUN_DIR
 */
import { readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { EXTRACT_IDS, EXTRACTS } from '../shared/extracts/catalog.ts'
import { createNormalizer } from '../shared/extracts/normalizer.ts'
import type { ExtractId } from '../shared/extracts/schema.ts'
import { parsePeriod } from '../shared/period.ts'
import { forEachRow } from '../server/extracts/canonical-reader.ts'
import { openCanonicalWriter } from '../server/extracts/canonical-writer.ts'
import { extractPart } from '../server/run/extract-split.ts'
import { readRunEntities } from '../server/run/entities-step.ts'
import type { ExtractInfo } from '../server/run/extract-step.ts'
import { runPaths } from '../server/run/run-files.ts'
import { createFilesSource } from '../server/sources/files.ts'
import { argument, emitReport, rssKiB, stopwatch, type ChildFigure, type Span } from './report.ts'

const SAMPLE = 100_000
const MIN_CR_03_ROWS = 1_000_000

const usage = 'phase-canonical.ts PERIOD DEMO_DIR RUN_DIR'
const period = parsePeriod(argument(0, usage))
const demoDir = argument(1, usage)
const runDir = argument(2, usage)
const paths = runPaths(runDir)
const signal = new AbortController().signal
const source = createFilesSource(demoDir)
const base = rssKiB()
const figures: ChildFigure[] = []

const infos = new Map<ExtractId, ExtractInfo>()
for (const id of EXTRACT_IDS) infos.set(id, JSON.parse(await readFile(paths.extractInfo(id), 'utf8')) as ExtractInfo)
const present = EXTRACT_IDS.filter((id) => infos.get(id)?.present)
const samples = new Map<ExtractId, { header: readonly string[]; cells: (readonly string[])[] }>()
for (const id of present) samples.set(id, await sampleCells(id))

// Writer: every extract at its real row count.
let mixRows = 0
let mixBytes = 0
let mixSpan: Span = { seconds: 0, cpuSeconds: 0 }
for (const id of present) {
  const written = await writeCanonical(id, infos.get(id)?.rows ?? 0)
  mixRows += written.rows
  mixBytes += written.bytes
  mixSpan = { seconds: mixSpan.seconds + written.seconds, cpuSeconds: mixSpan.cpuSeconds + written.cpuSeconds }
}
figures.push({
  name: 'writer all extracts',
  rows: mixRows,
  ...mixSpan,
  bytes: mixBytes,
  note: `every extract at its row count, ${Math.round(mixBytes / Math.max(mixRows, 1))} bytes/row`,
})
// Writer: CR_03 alone, the widest rows.
const cr03 = await writeCanonical('CR_03', Math.max(infos.get('CR_03')?.rows ?? 0, MIN_CR_03_ROWS))
figures.push({
  name: 'writer CR_03',
  rows: cr03.rows,
  seconds: cr03.seconds,
  cpuSeconds: cr03.cpuSeconds,
  bytes: cr03.bytes,
  note: `${Math.round(cr03.bytes / cr03.rows)} bytes/row`,
})

// Writer: CR_03 as one byte range of a split extract writes it (no SHA-256 there: the join hashes).
const part = await writeCanonical('CR_03', cr03.rows, false)
figures.push({
  name: 'writer CR_03, one range of a split file (format + disk, no SHA-256)',
  rows: part.rows,
  seconds: part.seconds,
  cpuSeconds: part.cpuSeconds,
  bytes: part.bytes,
  note: 'the run hashes the joined parts in its own thread, beside the workers',
})

// A split range's whole pipeline on all of CR_03 as one range, in this thread: read, checks, text
// bytes copied into canonical rows (no SHA-256).
const cr03Path = join(demoDir, 'CR_03.csv')
const rangeWatch = stopwatch()
const ranged = await extractPart(
  {
    kind: 'extract-part',
    extract: 'CR_03',
    file: { extract: 'CR_03', name: 'CR_03.csv', path: cr03Path, format: 'csv' },
    range: { start: 0, end: (await stat(cr03Path)).size },
    outPath: join(runDir, 'bench-range-CR_03.csv'),
    withHeader: true,
  },
  signal,
  () => undefined,
)
figures.push({
  name: 'range CR_03.csv read + checks + canonical rows, text bytes copied (no SHA-256)',
  rows: ranged.rows,
  ...rangeWatch.elapsed(),
  bytes: ranged.bytes,
  note: "one worker's share of a split extract, here the whole file as one range",
})
await rm(join(runDir, 'bench-range-CR_03.csv'), { force: true })

// Reader.
const companies = new Set((await readRunEntities(runDir)).map((entity) => entity.companyCode))
let readRows = 0
let readBytes = 0
const readWatch = stopwatch()
for (const id of present) {
  const extractWatch = stopwatch()
  let kept = 0
  const summary = await forEachRow(EXTRACTS[id], paths.extractCsv(id), { companies, signal }, () => void kept++)
  const span = extractWatch.elapsed()
  readRows += summary.rows + summary.skipped
  readBytes += infos.get(id)?.bytes ?? 0
  if (id === 'CR_03')
    figures.push({
      name: 'reader CR_03',
      rows: summary.rows + summary.skipped,
      ...span,
      bytes: infos.get(id)?.bytes ?? 0,
      note: `${kept} rows of the run's companies`,
    })
}
figures.push({ name: 'reader all extracts', rows: readRows, ...readWatch.elapsed(), bytes: readBytes })
emitReport(figures, base)

async function writeCanonical(id: ExtractId, rows: number, hash = true): Promise<Span & { rows: number; bytes: number }> {
  const sample = samples.get(id)
  if (!sample || sample.cells.length === 0) return { rows: 0, bytes: 0, seconds: 0, cpuSeconds: 0 }
  const out = join(runDir, `bench-writer-${id}.csv`)
  const watch = stopwatch()
  const writer = await openCanonicalWriter(out, sample.header, { hash })
  for (let row = 0; row < rows; row++) {
    const flushed = writer.write(sample.cells[row % sample.cells.length] as readonly string[])
    if (flushed) await flushed
  }
  const written = await writer.finish()
  const span = watch.elapsed()
  await rm(out, { force: true })
  return { rows: written.rows, bytes: written.bytes, ...span }
}

/** Canonical cells of the first SAMPLE rows of an extract's demo file. */
async function sampleCells(id: ExtractId): Promise<{ header: readonly string[]; cells: (readonly string[])[] }> {
  const stream = await source.read({ extract: id, params: { period, companies: [], glAccounts: [] }, signal })
  const normalizer = createNormalizer(EXTRACTS[id], stream.header, { file: `${id}.csv` })
  const cells: (readonly string[])[] = []
  let rowNumber = 0
  for await (const record of stream.records) {
    const normalized = normalizer.push(record, ++rowNumber)
    if (normalized) cells.push(normalized)
    if (cells.length >= SAMPLE) break
  }
  return { header: normalizer.columns, cells }
}
