import type { QualityIssue, QualityReport } from '../result/types.ts'
import { canonicalCell, type CellFailure } from './fast-kinds.ts'
import {
  addRow,
  duplicateKeyIssue,
  ignoredColumnsIssue,
  minRowsIssue,
  missingColumnsIssue,
  repeatedHeaderIssue,
  typeIssue,
  type ColumnFailures,
  type KeyDuplicates,
} from './quality.ts'
import { FingerprintList, KeyEncoder, keyFingerprint, keyLayout, NumericKeyIndex, SATURATED, UNPACKED } from './key-index.ts'
import { resolveColumns } from './reader.ts'
import type { ExtractDef } from './schema.ts'

/**
 * Turns source records into canonical cells (schema column order, `formatValue` text, empty for
 * null or an absent optional column) while running the quality checks of methodology §3 over every row,
 * so that one pass both writes the evidence CSV and lists every problem.
 */
export type Normalizer = {
  /** Schema column names: the header of the canonical CSV. */
  readonly columns: readonly string[]
  /** Canonical cells of the row, or `null` when the row cannot be represented (a failed check). */
  push(record: readonly unknown[], rowNumber: number): readonly string[] | null
  /** Whether an error has been found so far (the report will not pass). */
  hasErrors(): boolean
  /**
   * Counts rows that other normalizers checked and found clean (the other byte ranges of a split
   * file, whose keys were compared across ranges): the report is then that of the whole file.
   */
  countCleanRows(count: number): void
  /** Fingerprints of the keys of every row so far (with `fingerprints: true`), for a check across byte ranges. */
  fingerprints(): Float64Array | null
  finish(): QualityReport
}

type Slot = {
  readonly name: string
  /** Position in the source record; -1 when the column is absent. */
  readonly index: number
  readonly cell: (raw: unknown) => string | CellFailure
  /** A text column: a string is its own canonical cell (most cells of an extract; no call for them). */
  readonly text: boolean
  failures: ColumnFailures | undefined
}

/** Joins key cells: the unit separator, a control character extract text does not use. */
const KEY_SEPARATOR = '\u001f'

export type NormalizerOptions = {
  readonly file: string
  /** Keep a fingerprint of every row's key (one byte range of a split file). */
  readonly fingerprints?: boolean
}

export function createNormalizer(def: ExtractDef, header: readonly string[], origin: NormalizerOptions): Normalizer {
  const label = `${def.id} file ${origin.file}`
  const resolution = resolveColumns(def, header)
  const headerIssues = checkHeader(label, def, header, resolution.indexes)
  if (resolution.missingRequired.length > 0) {
    headerIssues.unshift(missingColumnsIssue(label, def, resolution.missingRequired, resolution.found))
  }
  const unusable = headerIssues.some((issue) => issue.severity === 'error')
  const slots: Slot[] = def.columns.map((column) => ({
    name: column.name,
    index: resolution.indexes.get(column.name) ?? -1,
    cell: canonicalCell(column.kind),
    text: column.kind === 'text',
    failures: undefined,
  }))
  const keys = createKeyTracker(def, slots, origin.fingerprints === true)
  let rows = 0
  let typeErrors = false

  function push(record: readonly unknown[], rowNumber: number): readonly string[] | null {
    rows += 1
    const cells = new Array<string>(slots.length)
    let ok = true
    for (let position = 0; position < slots.length; position++) {
      const slot = slots[position] as Slot
      if (slot.index < 0) {
        cells[position] = ''
        continue
      }
      const raw = record[slot.index]
      if (slot.text && typeof raw === 'string') {
        cells[position] = raw
        continue
      }
      const cell = slot.cell(raw)
      if (typeof cell === 'string') cells[position] = cell
      else {
        recordFailure(slot, rowNumber, cell.reason)
        ok = false
      }
    }
    if (!ok) typeErrors = true
    if (!ok || unusable) return null
    keys?.track(cells, rowNumber)
    return cells
  }

  function finish(): QualityReport {
    const issues: QualityIssue[] = [...headerIssues]
    for (const slot of slots) if (slot.failures) issues.push(typeIssue(label, slot.name, slot.failures))
    const duplicates = keys?.duplicates()
    if (duplicates) issues.push(duplicateKeyIssue(label, def, duplicates))
    if (rows < def.minRows) issues.push(minRowsIssue(label, def, rows))
    if (resolution.ignored.length > 0) issues.push(ignoredColumnsIssue(label, resolution.ignored))
    const passed = !issues.some((issue) => issue.severity === 'error')
    return { extract: def.id, file: origin.file, rows, passed, issues }
  }

  return {
    columns: slots.map((slot) => slot.name),
    push,
    hasErrors: () => unusable || typeErrors || (def.duplicateKeys === 'error' && keys?.duplicates() !== undefined),
    countCleanRows: (count) => void (rows += count),
    fingerprints: () => keys?.fingerprints() ?? null,
    finish,
  }
}

function recordFailure(slot: Slot, rowNumber: number, reason: string): void {
  slot.failures ??= { count: 0, rows: [], firstReason: reason, firstRow: rowNumber }
  addRow(slot.failures, rowNumber)
}

/** A schema column read from a header name that occurs more than once is ambiguous. */
function checkHeader(label: string, def: ExtractDef, header: readonly string[], indexes: ReadonlyMap<string, number>): QualityIssue[] {
  const counts = new Map<string, number>()
  for (const name of header) {
    const trimmed = name.replace(/^\uFEFF/, '').trim()
    counts.set(trimmed, (counts.get(trimmed) ?? 0) + 1)
  }
  const issues: QualityIssue[] = []
  for (const column of def.columns) {
    const index = indexes.get(column.name)
    const source = index === undefined ? undefined : header[index]?.replace(/^\uFEFF/, '').trim()
    const count = source === undefined ? 0 : (counts.get(source) ?? 0)
    if (source !== undefined && count > 1) issues.push(repeatedHeaderIssue(label, source, count))
  }
  return issues
}

type KeyTracker = {
  track(cells: readonly string[], rowNumber: number): void
  duplicates(): KeyDuplicates | undefined
  fingerprints(): Float64Array | null
}

/**
 * Key uniqueness over canonical cells (so `1,234.50` and `1234.5` are one key). A key of text
 * columns with few distinct values and integer columns (company × entry no) is packed into a
 * number held in a typed-array table (about 24 bytes a row); any other key is held as a string
 * with its row number (about 100 bytes a row). Packing is a function of the cells, so a key is
 * always held in the same one of the two; once a text key column shows more distinct values than
 * pack (order ids rather than companies), the packed keys move to the strings, and so do all later ones.
 */
function createKeyTracker(def: ExtractDef, slots: readonly Slot[], withFingerprints: boolean): KeyTracker | undefined {
  const positions = def.keys.map((key) => slots.findIndex((slot) => slot.name === key))
  if (positions.length === 0 || positions.some((position) => position < 0 || (slots[position]?.index ?? -1) < 0)) {
    return undefined
  }
  const kinds = positions.map((position) => def.columns.find((column) => column.name === slots[position]?.name)?.kind ?? 'text')
  const layout = keyLayout(kinds)
  const encoder = layout === null ? null : new KeyEncoder(layout)
  const numeric = encoder === null ? null : new NumericKeyIndex()
  let packing = encoder !== null
  const seen = new Map<string, number>()
  const prints = withFingerprints ? new FingerprintList() : null
  let found: KeyDuplicates | undefined
  const keyOf =
    positions.length === 1
      ? (cells: readonly string[]) => cells[positions[0] as number] as string
      : (cells: readonly string[]) => positions.map((position) => cells[position]).join(KEY_SEPARATOR)
  /** Too many distinct text values to pack: the packed keys move to the strings, where every key goes from now on. */
  const unpackAll = () => {
    packing = false
    numeric?.forEach((key, row) => seen.set((encoder as KeyEncoder).decode(key).join(KEY_SEPARATOR), row))
  }
  return {
    track(cells, rowNumber) {
      prints?.push(keyFingerprint(cells, positions))
      let earlier: number | undefined
      let packed = packing ? (encoder as KeyEncoder).encode(cells, positions) : UNPACKED
      if (packed === SATURATED) {
        unpackAll()
        packed = UNPACKED
      }
      if (packed >= 0) {
        const row = (numeric as NumericKeyIndex).add(packed, rowNumber)
        if (row === 0) return
        earlier = row
      } else {
        const key = keyOf(cells)
        earlier = seen.get(key)
        if (earlier === undefined) {
          seen.set(key, rowNumber)
          return
        }
      }
      found ??= {
        count: 0,
        rows: [],
        firstKey: positions.map((position, i) => `${def.keys[i]}=${cells[position]}`).join(', '),
        firstOriginal: earlier,
        firstRepeat: rowNumber,
      }
      addRow(found, rowNumber)
    },
    duplicates: () => found,
    fingerprints: () => prints?.toArray() ?? null,
  }
}
