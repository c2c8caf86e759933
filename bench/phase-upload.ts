/**
 * Phase `upload` (files): the checks `POST /api/filesets` runs on the received files (UTF-8,
 * reader, schema and quality checks, row counts), over every extract file of a folder as if just
 * uploaded. Target: a 1,000,000-row CR_03 in < 4 s (≥ 250,000 rows/s).
 *
 *   node --import tsx bench/phase-upload.ts DIR
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { checkFile } from '../server/filesets/check-file.ts'
import { DEFAULT_XLSX_GUARD } from '../server/filesets/limits.ts'
import type { ReceivedFile } from '../server/filesets/receive.ts'
import { locateExtract } from '../server/sources/files-locate.ts'
import { EXTRACT_IDS } from '../shared/extracts/catalog.ts'
import { argument, emitReport, rssKiB, stopwatch, type ChildFigure } from './report.ts'

const dir = argument(0, 'phase-upload.ts DIR')
const signal = new AbortController().signal
const base = rssKiB()
const figures: ChildFigure[] = []
let rows = 0
let bytes = 0
let seconds = 0
let cpuSeconds = 0
let failed = 0
for (const id of EXTRACT_IDS) {
  for (const file of await locateExtract(dir, id)) {
    const size = (await stat(file.path)).size
    // The upload hashes while receiving; that is not part of the checks measured here.
    const sha256 =
      size < 64 * 2 ** 20
        ? createHash('sha256')
            .update(await readFile(file.path))
            .digest('hex')
        : ''
    const received: ReceivedFile = {
      name: file.name,
      extract: file.extract,
      format: file.format,
      path: file.path,
      bytes: size,
      sha256,
      ...(file.company === undefined ? {} : { company: file.company }),
    }
    const watch = stopwatch()
    const checked = await checkFile(received, { signal, guard: DEFAULT_XLSX_GUARD })
    const span = watch.elapsed()
    const { report } = checked
    if (!report.passed) failed += 1
    const problems = report.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message)
    figures.push({ name: file.name, rows: report.rows, ...span, bytes: size, note: problems.length ? `FAILED: ${problems[0]}` : 'passed' })
    rows += report.rows
    bytes += size
    seconds += span.seconds
    cpuSeconds += span.cpuSeconds
  }
}
const note = failed ? `${failed} file(s) failed the checks` : 'every file passed'
emitReport([{ name: 'all files', rows, seconds, cpuSeconds, bytes, note }, ...figures], base)
