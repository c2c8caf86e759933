/**
 * Phase 1: demo data generation to files. `node --import tsx bench/phase-demo.ts PERIOD SCALE OUT`
 * Writes into OUT and reports rows and bytes per extract (all extracts are written in one timed pass).
 */
import { stat } from 'node:fs/promises'
import { parsePeriod } from '../shared/period.ts'
import { writeDemoData } from '../server/demo/index.ts'
import { argument, emitReport, rssKiB, stopwatch, type ChildFigure } from './report.ts'

const usage = 'phase-demo.ts PERIOD SCALE OUT'
const period = parsePeriod(argument(0, usage))
const scale = Number(argument(1, usage))
const out = argument(2, usage)

const base = rssKiB()
const watch = stopwatch()
const { files } = await writeDemoData({ period, scale, out })
const span = watch.elapsed()

const perExtract: ChildFigure[] = []
for (const file of files) {
  if (file.extract === 'ground-truth') continue
  perExtract.push({ name: file.extract, rows: file.rows, seconds: null, bytes: (await stat(file.path)).size })
}
const rows = perExtract.reduce((sum, figure) => sum + (figure.rows ?? 0), 0)
const bytes = perExtract.reduce((sum, figure) => sum + (figure.bytes ?? 0), 0)
emitReport([{ name: 'total', rows, ...span, bytes }, ...perExtract], base)
