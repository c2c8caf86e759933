import { type Static, Type } from 'typebox'
import { TimestampSchema } from './common.ts'
import { ExtractIdSchema, SHA256_PATTERN } from './result-schema.ts'

/**
 * `POST /api/filesets` (multipart upload of extract files) and `GET /api/filesets/:id`. An upload
 * is checked file by file against its extract's schema (methodology §3) before any run may use it; the
 * answer is the quality report of every file.
 */
export const FILESET_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$'
export const FilesetIdSchema = Type.String({ pattern: FILESET_ID_PATTERN, description: 'Id of an uploaded fileset.' })

/** The checks of the extract quality report, plus `file`: the file could not be read as a table at all. */
export const FilesetIssueSchema = Type.Object(
  {
    check: Type.Enum(['file', 'required-columns', 'types', 'key-uniqueness', 'min-rows', 'ignored-columns', 'company'], {
      description: 'Which check; `file`: unreadable (not UTF-8, malformed CSV, a workbook over the limits).',
    }),
    severity: Type.Enum(['error', 'warning'], { description: 'An error fails the file; a warning does not.' }),
    message: Type.String({ description: 'The finding, naming the extract, file and, where known, row and column.' }),
    column: Type.Optional(Type.String({ description: 'Column at fault, when one is.' })),
    rows: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1 }), {
        description: 'First data rows at fault (up to 20); row 1 is the first row after the header.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type FilesetIssue = Static<typeof FilesetIssueSchema>

export const FilesetFileSchema = Type.Object(
  {
    name: Type.String({ description: 'File name as uploaded: `<EXTRACT_ID>.<csv|tsv|xlsx>` or `JDASH_<companyCode>.<ext>`.' }),
    extract: ExtractIdSchema,
    bytes: Type.Integer({ minimum: 0, description: 'Size as uploaded.' }),
    sha256: Type.String({ pattern: SHA256_PATTERN, description: 'SHA-256 of the bytes as uploaded (lower-case hex).' }),
    rows: Type.Integer({ minimum: 0, description: 'Data rows read (after the header).' }),
    passed: Type.Boolean({ description: 'No error-level issue.' }),
    issues: Type.Array(FilesetIssueSchema),
  },
  { additionalProperties: false },
)
export type FilesetFile = Static<typeof FilesetFileSchema>

/**
 * The answer to an upload: 201 when every file passed (the fileset is kept and usable as a run
 * source), 422 when any failed (every problem listed; the upload is deleted, the id is not usable).
 */
export const FilesetReportSchema = Type.Object(
  {
    id: FilesetIdSchema,
    files: Type.Array(FilesetFileSchema),
    passed: Type.Boolean({ description: 'Every file passed.' }),
  },
  { additionalProperties: false },
)
export type FilesetReport = Static<typeof FilesetReportSchema>

/** A kept fileset (`fileset.json`): its report, who uploaded it and when. */
export const FilesetRecordSchema = Type.Object(
  {
    ...FilesetReportSchema.properties,
    createdBy: Type.String({ description: 'Token name or user id of the uploader.' }),
    createdAt: TimestampSchema,
  },
  { additionalProperties: false },
)
export type FilesetRecord = Static<typeof FilesetRecordSchema>

export const FilesetParamsSchema = Type.Object({ id: FilesetIdSchema }, { additionalProperties: false })
