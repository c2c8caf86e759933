import { createHash } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { EXTRACTS } from '../../shared/extracts/catalog.ts'
import { fingerprintsOverlap } from '../../shared/extracts/key-index.ts'
import { createNormalizer, type Normalizer } from '../../shared/extracts/normalizer.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import type { QualityReport } from '../../shared/result/types.ts'
import { openCanonicalWriter, type CanonicalWriter } from '../extracts/canonical-writer.ts'
import { fileDelimiter, readDelimitedRecords } from '../sources/files-csv.ts'
import type { RawRecord } from '../sources/files-scanner.ts'
import { rawRecordEncoder, type RawRecordEncoder } from '../extracts/raw-records.ts'
import { resolveColumns } from '../../shared/extracts/reader.ts'
import type { SplitPlan } from '../sources/source.ts'
import type { StepOutput } from '../engine/workflow.ts'
import type { ExtractContext, ExtractInfo } from './extract-info.ts'
import { runPaths, writeJsonAtomic } from './run-files.ts'
import type { ExtractWorkerPool } from './worker-pool.ts'
import type { ExtractPartTask } from './worker-wire.ts'

/**
 * A large extract file read by several workers at once: each byte range (cut at record
 * boundaries) is checked and written as canonical rows by one worker; the parts are then joined
 * in order into the canonical CSV and hashed, so file and SHA-256 are those of a reading in one
 * piece. The quality report is rebuilt for the whole file when every part is clean and no key
 * occurs in two parts. Any other outcome (a problem in a part, a key in two parts, a failed part)
 * returns null and the caller reads the file in one piece, which gives the exact report, rows and
 * error messages; a problem costs a second reading, a clean file is read once.
 */

/** What one part found: its rows and bytes written, its report and its keys. */
export type PartOutcome = {
  readonly clean: boolean
  readonly rows: number
  readonly bytes: number
  /** Fingerprints of the part's keys (null for an extract without keys). */
  readonly keys: Float64Array | null
}

/** Checks that concern the header, the same in every part (the rest make a part unclean). */
const HEADER_CHECKS: ReadonlySet<QualityReport['issues'][number]['check']> = new Set(['ignored-columns', 'min-rows'])

/** Thrown from the record sink to stop reading a part that is not clean. */
class PartNotClean extends Error {}

/**
 * In a worker: one byte range, checked and written to `task.outPath`. Stops at the first problem.
 * Text columns of a comma-separated file are copied from the file's bytes (`rawRecordEncoder`).
 */
export async function extractPart(
  task: ExtractPartTask,
  signal: AbortSignal,
  progress: (done: number, total: number | null) => void,
): Promise<PartOutcome> {
  const def = EXTRACTS[task.extract]
  const delimiter = await fileDelimiter(task.file)
  let encoder: RawRecordEncoder | null = null
  const select = (header: readonly string[]): Iterable<number> => {
    const indexes = resolveColumns(def, header).indexes
    encoder = rawRecordEncoder(
      def,
      def.columns.map((column) => indexes.get(column.name) ?? -1),
      delimiter,
    )
    return encoder?.decoded ?? indexes.values()
  }
  const header = task.withHeader ? def.columns.map((column) => column.name) : null
  const writer: CanonicalWriter = await openCanonicalWriter(task.outPath, header, { hash: false })
  const unclean: PartOutcome = { clean: false, rows: 0, bytes: 0, keys: null }
  let normalizer: Normalizer | undefined
  let rows = 0
  let pending: Promise<void> | undefined
  // The record being written by `encodeCurrent` (no closure per record).
  let currentRaw: RawRecord | undefined
  let currentCells: readonly string[] = []
  const encodeCurrent = (out: Buffer, at: number) => (encoder as RawRecordEncoder).encode(currentRaw as RawRecord, currentCells, out, at)
  const record = (fields: readonly unknown[], raw?: RawRecord) => {
    const checks = normalizer as Normalizer
    const cells = checks.push(fields, ++rows)
    if (cells === null || checks.hasErrors()) throw new PartNotClean()
    let flushed: Promise<void> | undefined
    const raws = encoder as RawRecordEncoder | null
    if (raws === null || raw === undefined) flushed = writer.write(cells)
    else if (!raw.plain) flushed = writer.write(raws.cellsOf(raw, cells))
    else {
      currentRaw = raw
      currentCells = cells
      flushed = writer.writeEncoded(raws.worst(raw, cells), encodeCurrent)
    }
    if (flushed) pending = flushed
  }
  try {
    await readDelimitedRecords(task.file, signal, { select, range: task.range }, (fileHeader) => {
      normalizer = createNormalizer(def, fileHeader, { file: task.file.name, fingerprints: true })
      return {
        record,
        drain: () => {
          signal.throwIfAborted()
          progress(rows, null)
          const waiting = pending
          pending = undefined
          return waiting
        },
      }
    })
    const report = (normalizer as Normalizer).finish()
    if (report.issues.some((issue) => !HEADER_CHECKS.has(issue.check))) {
      await writer.abort()
      return unclean
    }
    const written = await writer.finish()
    return { clean: true, rows: written.rows, bytes: written.bytes, keys: (normalizer as Normalizer).fingerprints() }
  } catch (error) {
    await writer.abort()
    if (error instanceof PartNotClean) return unclean
    throw error
  }
}

/**
 * In the run's thread: the parts on the pool, the original file's provenance alongside, then the
 * canonical CSV, its info file and the step output; null when the file must be read in one piece.
 */
export async function extractSplit(
  extract: ExtractId,
  plan: SplitPlan,
  context: ExtractContext,
  pool: ExtractWorkerPool,
): Promise<StepOutput | null> {
  const def = EXTRACTS[extract]
  const paths = runPaths(context.runDir)
  const csv = paths.extractCsv(extract)
  const partPaths = plan.ranges.map((_, index) => `${csv}.part-${index}`)
  const done = plan.ranges.map(() => 0)
  const tasks = plan.ranges.map((range, index): ExtractPartTask => ({
    kind: 'extract-part',
    extract,
    file: plan.file,
    range,
    outPath: partPaths[index] as string,
    withHeader: index === 0,
  }))
  const removeParts = () => Promise.all(partPaths.flatMap((path) => [rm(path, { force: true }), rm(`${path}.tmp`, { force: true })]))
  // Stops the other parts once one of them means the file is read in one piece anyway.
  const parts = new AbortController()
  const stopParts = () => parts.abort(context.signal.reason)
  context.signal.addEventListener('abort', stopParts, { once: true })
  const joiner = new PartJoiner(csv)
  const runs = tasks.map((task, index) =>
    pool
      .run(task, {
        signal: parts.signal,
        progress: (count) => {
          done[index] = count
          context.progress(
            done.reduce((sum, value) => sum + value, 0),
            null,
          )
        },
      })
      .then(
        (outcome) => outcome as PartOutcome,
        () => null,
      ),
  )
  try {
    const provenance = plan.provenance(context.signal)
    provenance.catch(() => undefined) // awaited below, after the parts
    // Each part is joined and hashed as soon as it and those before it are written.
    const clean: PartOutcome[] = []
    for (let index = 0; index < runs.length; index++) {
      const outcome = await runs[index]
      context.signal.throwIfAborted()
      if (!outcome?.clean) break
      clean.push(outcome)
      await joiner.add(partPaths[index] as string, index === 0, context.signal)
    }
    // The original's checks (UTF-8) and digest come first, as when the file is read in one piece.
    const origin = await provenance
    if (clean.length < runs.length) return null
    // No fingerprints when the header lacks a key column: then nothing is checked, as in one piece.
    const keys = clean.flatMap((outcome) => (outcome.keys === null ? [] : [outcome.keys]))
    if (keys.length > 0 && (keys.length < clean.length || fingerprintsOverlap(keys))) return null
    const rows = clean.reduce((sum, outcome) => sum + outcome.rows, 0)
    const normalizer = createNormalizer(def, plan.header, { file: origin.file ?? plan.file.name })
    normalizer.countCleanRows(rows)
    const quality = normalizer.finish()
    if (!quality.passed) return null
    const { bytes, sha256 } = await joiner.finish()
    const info: ExtractInfo = {
      extract,
      present: true,
      sourceHeader: plan.header.map((name) => name.replace(/^\uFEFF/, '').trim()),
      rows,
      bytes,
      sha256,
      quality,
      provenance: origin,
    }
    await writeJsonAtomic(paths.extractInfo(extract), info)
    context.progress(rows, rows)
    return { file: csv, sha256, summary: { rows } }
  } finally {
    stopParts()
    context.signal.removeEventListener('abort', stopParts)
    await Promise.all(runs)
    await joiner.abort()
    await removeParts()
  }
}

const JOIN_CHUNK = 4 << 20

/**
 * The canonical CSV from its parts, in order, through `path.tmp`, hashed on the way: the first part
 * is renamed and read, the others are appended.
 */
class PartJoiner {
  private readonly temporary: string
  private readonly hash = createHash('sha256')
  private readonly buffer = Buffer.allocUnsafe(JOIN_CHUNK)
  private out: FileHandle | null = null
  private bytes = 0
  private finished = false

  constructor(private readonly path: string) {
    this.temporary = `${path}.tmp`
  }

  async add(part: string, first: boolean, signal: AbortSignal): Promise<void> {
    if (first) {
      await rename(part, this.temporary)
      this.out = await open(this.temporary, 'r+')
    }
    const out = this.out
    if (out === null) throw new Error('the first part is joined first')
    const input = first ? out : await open(part, 'r')
    const buffer = this.buffer
    try {
      for (let position = 0; ;) {
        signal.throwIfAborted()
        const { bytesRead } = await input.read(buffer, 0, JOIN_CHUNK, position)
        if (bytesRead === 0) break
        const chunk = buffer.subarray(0, bytesRead)
        this.hash.update(chunk)
        for (let written = 0; !first && written < bytesRead;) {
          written += (await out.write(chunk, written, bytesRead - written, this.bytes + written)).bytesWritten
        }
        position += bytesRead
        this.bytes += bytesRead
      }
    } finally {
      if (!first) await input.close()
    }
  }

  async finish(): Promise<{ bytes: number; sha256: string }> {
    await this.out?.close()
    this.out = null
    await rename(this.temporary, this.path)
    this.finished = true
    return { bytes: this.bytes, sha256: this.hash.digest('hex') }
  }

  async abort(): Promise<void> {
    if (this.finished) return
    await this.out?.close()
    this.out = null
    await rm(this.temporary, { force: true })
  }
}
