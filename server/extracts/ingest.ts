import { basename } from 'node:path'
import { createNormalizer } from '../../shared/extracts/normalizer.ts'
import type { ExtractDef } from '../../shared/extracts/schema.ts'
import type { QualityReport } from '../../shared/result/types.ts'
import type { RecordStream } from '../sources/source.ts'
import { openCanonicalWriter, type CanonicalWriter } from './canonical-writer.ts'

export type IngestRequest = {
  readonly def: ExtractDef
  readonly stream: RecordStream
  /** Where the canonical CSV goes; it appears only when the quality checks pass. */
  readonly outPath: string
  readonly signal: AbortSignal
  /** The name quality messages give the data (default: the source's file, else the output's name). */
  readonly file?: string
}

/**
 * The outcome of one extract: when the checks fail there is no canonical file (nothing partial is
 * presented as complete) and the report lists every problem; the caller fails the run with it.
 */
export type IngestResult =
  | { readonly passed: true; readonly rows: number; readonly bytes: number; readonly sha256: string; readonly quality: QualityReport }
  | { readonly passed: false; readonly rows: number; readonly bytes: 0; readonly sha256: null; readonly quality: QualityReport }

/**
 * Streams a source's records through the quality checks into canonical CSV with its SHA-256
 * (methodology §3, §10). On abort or a source error the temporary file is removed and the error thrown.
 */
export async function ingestExtract(request: IngestRequest): Promise<IngestResult> {
  const { def, stream, outPath, signal } = request
  signal.throwIfAborted()
  const file = request.file ?? stream.provenance.file ?? basename(outPath)
  const normalizer = createNormalizer(def, stream.header, { file })
  let writer: CanonicalWriter | undefined = await openCanonicalWriter(outPath, normalizer.columns)
  try {
    let rowNumber = 0
    const batches = stream.batches ?? singles(stream.records)
    for await (const batch of batches) {
      signal.throwIfAborted()
      for (let index = 0; index < batch.length; index++) {
        rowNumber += 1
        const cells = normalizer.push(batch[index] as readonly unknown[], rowNumber)
        if (writer !== undefined && normalizer.hasErrors()) {
          // The file will not be kept: stop writing, keep checking.
          await writer.abort()
          writer = undefined
        }
        if (cells !== null && writer !== undefined) {
          const flushed = writer.write(cells)
          if (flushed) await flushed
        }
      }
    }
    const quality = normalizer.finish()
    if (quality.passed && writer !== undefined) {
      const written = await writer.finish()
      return { passed: true, rows: written.rows, bytes: written.bytes, sha256: written.sha256, quality }
    }
    await writer?.abort()
    return { passed: false, rows: quality.rows, bytes: 0, sha256: null, quality }
  } catch (error) {
    await writer?.abort()
    throw error
  }
}

async function* singles(records: AsyncIterable<readonly unknown[]>): AsyncIterable<readonly (readonly unknown[])[]> {
  for await (const record of records) yield [record]
}
