/**
 * Bounds of one `POST /api/filesets` upload. Every limit is checked while the request streams,
 * so no request can make the server hold or write more than these numbers say.
 */
export type FilesetLimits = {
  /** Extract files in one upload (13 extracts, plus room for per-company Jdash files). */
  readonly maxFiles: number
  /** Bytes of one file as uploaded. */
  readonly maxFileBytes: number
  /** Bytes of all files of one upload together. */
  readonly maxTotalBytes: number
  /** Characters of a file name (`IPE_08_USAGE.xlsx` is 17). */
  readonly maxNameChars: number
  /** Characters of a part's field name (the form field is `files`). */
  readonly maxFieldNameChars: number
  /** Header lines of one part (Content-Disposition, Content-Type, …). */
  readonly maxPartHeaders: number
  readonly xlsx: XlsxGuardLimits
}

/**
 * An `.xlsx` is a zip: a few kilobytes can inflate to gigabytes, and the streaming reader spools
 * a worksheet to a temporary file when it comes before the shared strings. These bound what a
 * workbook may inflate to before the reader sees it.
 */
export type XlsxGuardLimits = {
  /** Parts (zip entries) of one workbook. */
  readonly maxEntries: number
  /** All parts together, inflated. */
  readonly maxInflatedBytes: number
  /** The shared-strings part, which the reader caches in memory whole. */
  readonly maxSharedStringsBytes: number
  /** Any part other than a worksheet or the shared strings (workbook, styles, relations, media). */
  readonly maxOtherPartBytes: number
  /**
   * Markup between two row (`<row>`) or string (`<si>`) boundaries: the reader holds one row in
   * memory, so a single endless row is refused here. Excel's largest real row is far below this.
   */
  readonly maxSegmentBytes: number
}

const MiB = 1024 * 1024
const GiB = 1024 * MiB

export const DEFAULT_XLSX_GUARD: XlsxGuardLimits = {
  maxEntries: 10_000,
  maxInflatedBytes: 4 * GiB,
  maxSharedStringsBytes: 256 * MiB,
  maxOtherPartBytes: 64 * MiB,
  maxSegmentBytes: 16 * MiB,
}

export const FILESET_LIMITS: FilesetLimits = {
  maxFiles: 20,
  maxFileBytes: 512 * MiB,
  maxTotalBytes: 2 * GiB,
  maxNameChars: 100,
  maxFieldNameChars: 32,
  maxPartHeaders: 16,
  xlsx: DEFAULT_XLSX_GUARD,
}

/** The form field that carries the files; any other field is refused. */
export const FILES_FIELD = 'files'

/**
 * Parser limits for `@fastify/multipart` (busboy) derived from the fileset limits. One more file
 * and one text field than allowed get through the parser so that the route, not the parser,
 * refuses them with a message naming what was wrong.
 */
export function multipartLimitsOf(limits: FilesetLimits) {
  return {
    files: limits.maxFiles + 1,
    fileSize: limits.maxFileBytes,
    fields: 1,
    fieldSize: 1024,
    parts: limits.maxFiles + 2,
    headerPairs: limits.maxPartHeaders,
  }
}
