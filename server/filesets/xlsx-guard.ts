import { open } from 'node:fs/promises'
import type { Entry, ZipFile } from 'yauzl'
import yauzl from 'yauzl'
import type { XlsxGuardLimits } from './limits.ts'

/**
 * Checks an uploaded workbook before the streaming xlsx reader opens it, so that a hostile zip is
 * refused with a sentence instead of filling memory or the temporary folder:
 * - the parts' declared sizes are within the limits;
 * - the zip has no bytes its directory does not account for (the reader walks the local headers,
 *   not the directory, so a part hidden from the directory would escape these checks) and every
 *   local header agrees with its directory entry;
 * - every part really inflates to its declared size (a lying header is caught while inflating),
 *   and no worksheet row or shared string is larger than `maxSegmentBytes`.
 * Returns the problem in words, or null when the workbook may be read.
 */
export async function checkXlsx(path: string, limits: XlsxGuardLimits, signal: AbortSignal): Promise<string | null> {
  let zip: ZipFile
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false })
  } catch (error) {
    return `not a readable workbook (.xlsx is a zip): ${(error as Error).message}`
  }
  // Failures reach us through the promises below; an 'error' event without a listener would end the process.
  zip.on('error', () => undefined)
  try {
    if (zip.entryCount > limits.maxEntries) return `${zip.entryCount} parts in the workbook; at most ${limits.maxEntries} are accepted`
    const entries: Entry[] = []
    for await (const entry of zip.eachEntry()) entries.push(entry)
    return (
      declaredProblem(entries, limits) ?? (await layoutProblem(zip, path, entries)) ?? (await inflatedProblem(zip, entries, limits, signal))
    )
  } catch (error) {
    signal.throwIfAborted()
    return `not a readable workbook (.xlsx is a zip): ${(error as Error).message}`
  } finally {
    zip.close()
  }
}

type PartKind = 'worksheet' | 'shared strings' | 'part'

function kindOf(entry: Entry): PartKind {
  if (/^xl\/worksheets\/[^/]+\.xml$/i.test(entry.fileName)) return 'worksheet'
  return /^xl\/sharedStrings\.xml$/i.test(entry.fileName) ? 'shared strings' : 'part'
}

function capOf(kind: PartKind, limits: XlsxGuardLimits): number {
  if (kind === 'worksheet') return limits.maxInflatedBytes
  return kind === 'shared strings' ? limits.maxSharedStringsBytes : limits.maxOtherPartBytes
}

function declaredProblem(entries: readonly Entry[], limits: XlsxGuardLimits): string | null {
  let total = 0
  for (const entry of entries) {
    if (entry.isEncrypted()) return `part ${entry.fileName} is encrypted; save the workbook without a password`
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      return `part ${entry.fileName} uses compression method ${entry.compressionMethod}; only stored and deflated parts are read`
    }
    const kind = kindOf(entry)
    if (entry.uncompressedSize > capOf(kind, limits)) return inflatesBeyond(entry, kind, capOf(kind, limits))
    total += entry.uncompressedSize
    if (total > limits.maxInflatedBytes)
      return `the workbook inflates to more than ${limits.maxInflatedBytes} bytes; export the extract as CSV`
  }
  return null
}

const CENTRAL_HEADER = 0x02014b50
/** General purpose flag bit 3: sizes follow the data in a descriptor (12 to 24 bytes). */
const DATA_DESCRIPTOR_FLAG = 0x08
const DESCRIPTOR_SIZES = [0, 12, 16, 20, 24]
const ZIP64_SIZE = 0xffffffff

/** Parts back to back from byte 0 to the directory, each local header agreeing with its entry. */
async function layoutProblem(zip: ZipFile, path: string, entries: readonly Entry[]): Promise<string | null> {
  const ordered = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader)
  const file = await open(path, 'r')
  try {
    let allowed = [0]
    for (const entry of ordered) {
      if (!allowed.includes(entry.relativeOffsetOfLocalHeader)) return hiddenData(entry.relativeOffsetOfLocalHeader)
      const local = await zip.readLocalFileHeaderPromise(entry)
      const mismatch = headerMismatch(entry, local)
      if (mismatch) return `part ${entry.fileName}: its local header disagrees with the zip directory (${mismatch})`
      const end = local.fileDataStart + entry.compressedSize
      allowed = local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG ? DESCRIPTOR_SIZES.map((size) => end + size) : [end]
    }
    for (const position of allowed) {
      if ((await signatureAt(file, position)) === CENTRAL_HEADER) return null
    }
    return hiddenData(allowed[0] ?? 0)
  } finally {
    await file.close()
  }
}

function headerMismatch(entry: Entry, local: yauzl.LocalFileHeader): string | null {
  if (!local.fileName.equals(entry.fileNameRaw)) return 'name'
  if (local.compressionMethod !== entry.compressionMethod) return 'compression method'
  if ((local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG) !== 0) return null
  if (local.compressedSize !== ZIP64_SIZE && local.compressedSize !== entry.compressedSize) return 'compressed size'
  if (local.uncompressedSize !== ZIP64_SIZE && local.uncompressedSize !== entry.uncompressedSize) return 'size'
  return null
}

async function signatureAt(file: Awaited<ReturnType<typeof open>>, position: number): Promise<number | null> {
  const buffer = Buffer.alloc(4)
  const { bytesRead } = await file.read(buffer, 0, 4, position)
  return bytesRead === 4 ? buffer.readUInt32LE(0) : null
}

function hiddenData(position: number): string {
  return `bytes at offset ${position} are not accounted for by the zip directory (a hidden or damaged part); save the workbook again from Excel`
}

async function inflatedProblem(
  zip: ZipFile,
  entries: readonly Entry[],
  limits: XlsxGuardLimits,
  signal: AbortSignal,
): Promise<string | null> {
  for (const entry of entries) {
    if (entry.fileName.endsWith('/')) continue
    const kind = kindOf(entry)
    const meter = kind === 'part' ? null : createSegmentMeter(limits.maxSegmentBytes)
    const references = kind === 'worksheet' ? createReferenceScanner() : null
    const stream = await zip.openReadStreamPromise(entry)
    let unreferenced: string | null = null
    let bytes = 0
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        signal.throwIfAborted()
        bytes += chunk.length
        if (bytes > capOf(kind, limits)) return inflatesBeyond(entry, kind, capOf(kind, limits))
        if (meter && !meter(chunk)) {
          const what = kind === 'worksheet' ? 'a row' : 'a string'
          return `${kind} ${entry.fileName}: ${what} of more than ${limits.maxSegmentBytes} bytes of markup; the workbook is damaged or hostile`
        }
        // Reported once the whole part is known to be within the limits (those come first).
        unreferenced ??= references?.(chunk) ?? null
      }
    } finally {
      stream.destroy()
    }
    if (unreferenced) return `${kind} ${entry.fileName}, ${unreferenced}; save the workbook again from Excel`
  }
  return null
}

/**
 * Finds the first row or cell written without its reference (`r`, optional in the format but
 * written by Excel, and needed by the reader). Runs after the segment meter, so a tag is short.
 */
function createReferenceScanner(): (chunk: Buffer) => string | null {
  const TAG = /<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>/g
  let carry = ''
  let row = 0
  return (chunk) => {
    const text = carry + chunk.toString('latin1')
    const open = text.lastIndexOf('<')
    const complete = open >= 0 && text.indexOf('>', open) < 0 ? open : text.length
    carry = text.slice(complete)
    for (const [, tag, attributes] of text.slice(0, complete).matchAll(TAG)) {
      const reference = /(?:^|\s)r\s*=\s*["']([^"']*)["']/.exec(attributes ?? '')?.[1]
      if (tag === 'row') {
        if (reference === undefined) return `row ${row + 1}: a row without its reference (attribute r)`
        row = Number(reference)
      } else if (reference === undefined) {
        return `row ${row}: a cell without its reference (attribute r)`
      }
    }
    return null
  }
}

function inflatesBeyond(entry: Entry, kind: PartKind, cap: number): string {
  return `${kind} ${entry.fileName} inflates to more than ${cap} bytes; export the extract as CSV`
}

/**
 * Bytes since the last row (`<row`, `</row`) or shared-string (`<si`, `</si`) tag, any namespace
 * prefix. A tag split across two chunks is missed, which only makes a segment look longer by
 * one small row; the limit is orders of magnitude above a real row.
 */
function createSegmentMeter(max: number): (chunk: Buffer) => boolean {
  let since = 0
  return (chunk) => {
    let previous = -1
    for (let at = chunk.indexOf(0x3c); at !== -1; at = chunk.indexOf(0x3c, at + 1)) {
      if (!isBoundaryTag(chunk, at)) continue
      if ((previous < 0 ? since + at : at - previous) > max) return false
      previous = at
    }
    since = previous < 0 ? since + chunk.length : chunk.length - previous
    return since <= max
  }
}

const SLASH = 0x2f
const COLON = 0x3a
const MAX_TAG_NAME = 40

function isBoundaryTag(chunk: Buffer, at: number): boolean {
  let start = at + 1
  if (chunk[start] === SLASH) start += 1
  let end = start
  while (end < chunk.length && end - start < MAX_TAG_NAME && isNameByte(chunk[end] as number)) end += 1
  if (end >= chunk.length) return false
  return endsWithLocalName(chunk, start, end, 'row') || endsWithLocalName(chunk, start, end, 'si')
}

function endsWithLocalName(chunk: Buffer, start: number, end: number, name: string): boolean {
  const from = end - name.length
  if (from < start) return false
  for (let i = 0; i < name.length; i++) if (chunk[from + i] !== name.charCodeAt(i)) return false
  return from === start || chunk[from - 1] === COLON
}

function isNameByte(byte: number): boolean {
  return (
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === COLON ||
    byte === 0x5f ||
    byte === 0x2d ||
    byte === 0x2e
  )
}
