import { randomUUID } from 'node:crypto'
import type { Multipart } from '@fastify/multipart'
import type { FilesetRecord, FilesetReport } from '../../shared/api/filesets.ts'
import type { XlsxLimits } from '../sources/files-table.ts'
import { checkFiles } from './check-files.ts'
import type { FilesetLimits } from './limits.ts'
import { receiveFiles } from './receive.ts'
import { discardPartial, openPartial, sealFileset } from './store.ts'

export type UploadRequest = {
  readonly parts: AsyncIterable<Multipart>
  /** `<dataDir>/filesets`. */
  readonly root: string
  readonly createdBy: string
  readonly now: () => Date
  readonly limits: FilesetLimits
  readonly signal: AbortSignal
  /** The files source's workbook limits, when not its defaults (tests). */
  readonly reader?: XlsxLimits
  /** Company codes of the entity master, for files per company. */
  readonly companies?: () => Promise<ReadonlySet<string>>
  /** Publishes a passed upload (default: sealed in place below `root`). */
  readonly seal?: (record: FilesetRecord) => Promise<void>
}

/**
 * One upload, start to end: stream the files to `<id>.partial/`, check every file against its
 * extract's schema, then either seal the folder as `<id>/` with its `fileset.json` (every file
 * passed) or delete it (any file failed: nothing half-checked stays usable). A refused request
 * (bad name, over a limit) also leaves nothing behind.
 */
export async function uploadFileset(request: UploadRequest): Promise<FilesetReport> {
  const id = randomUUID()
  const dir = await openPartial(request.root, id)
  try {
    const received = await receiveFiles(request.parts, dir, request.limits)
    const options = {
      signal: request.signal,
      guard: request.limits.xlsx,
      ...(request.reader ? { reader: request.reader } : {}),
      ...(request.companies ? { companies: request.companies } : {}),
    }
    const files = await checkFiles(received, options)
    const report: FilesetReport = { id, files, passed: files.every((file) => file.passed) }
    if (!report.passed) {
      await discardPartial(request.root, id)
      return report
    }
    const record = { ...report, createdBy: request.createdBy, createdAt: request.now().toISOString() }
    await (request.seal ? request.seal(record) : sealFileset(request.root, record))
    return report
  } catch (error) {
    await discardPartial(request.root, id)
    throw error
  }
}
