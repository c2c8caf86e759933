import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { EXTRACT_IDS } from '../../shared/extracts/catalog.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import { createContext, type DemoOptions } from './context.ts'
import { csvRecord } from './extracts/csv-record.ts'
import { demoHeader, demoRowsOf } from './generators.ts'
import { buildGroundTruth } from './truth/ground-truth.ts'

export type DemoFile = { readonly extract: ExtractId | 'ground-truth'; readonly path: string; readonly rows: number }

/** Characters gathered before one write: few syscalls, bounded memory. */
const CHUNK = 1 << 16

/**
 * Writes `<ID>.csv` for every extract (UTF-8, header row, RFC 4180 quoting, `\n` line ends) and
 * `ground-truth.json` into `out`. Each extract streams in 64 K-character chunks with back-pressure: no
 * extract is ever held in memory. CR_04 and the ground truth share one computation of the totals.
 */
export async function writeDemoData(options: DemoOptions & { readonly out: string }): Promise<{ files: DemoFile[] }> {
  const ctx = createContext(options)
  await mkdir(options.out, { recursive: true })
  const files: DemoFile[] = []
  for (const extract of EXTRACT_IDS) {
    const path = join(options.out, `${extract}.csv`)
    files.push({ extract, path, rows: await writeCsv(path, demoHeader(extract), demoRowsOf(ctx, extract)) })
  }
  const truth = buildGroundTruth(ctx)
  const truthPath = join(options.out, 'ground-truth.json')
  await writeFile(truthPath, `${JSON.stringify(truth, null, 2)}\n`, 'utf8')
  files.push({ extract: 'ground-truth', path: truthPath, rows: truth.items.length })
  return { files }
}

async function writeCsv(path: string, header: readonly string[], rows: Iterable<unknown[]>): Promise<number> {
  const stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: CHUNK })
  let count = 0
  let chunk = csvRecord(header)
  try {
    for (const row of rows) {
      chunk += csvRecord(row)
      count++
      if (chunk.length >= CHUNK) {
        await write(stream, chunk)
        chunk = ''
      }
    }
    stream.end(chunk)
    await finished(stream)
  } catch (error) {
    stream.destroy()
    throw error
  }
  return count
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain')
}
