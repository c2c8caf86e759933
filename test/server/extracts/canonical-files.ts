import { join } from 'node:path'
import { openCanonicalWriter } from '../../../server/extracts/canonical-writer.ts'
import { createNormalizer } from '../../../shared/extracts/normalizer.ts'
import type { ExtractDef } from '../../../shared/extracts/schema.ts'
import { table, type NamedRow } from '../../shared/extracts/extract-tables.ts'

/** Canonical cells of raw rows, as ingestion would write them. */
export function canonicalCells(def: ExtractDef, rows: readonly NamedRow[]): string[][] {
  const data = table(rows)
  const normalizer = createNormalizer(def, data.header, { file: 'test.csv' })
  const cells = data.records.map((record, index) => normalizer.push(record, index + 1))
  const report = normalizer.finish()
  if (!report.passed) throw new Error(report.issues.map((issue) => issue.message).join('\n'))
  return cells.map((row) => [...(row ?? [])])
}

/** Writes raw rows as a canonical CSV in `folder`; returns its path. */
export async function writeCanonical(folder: string, def: ExtractDef, rows: readonly NamedRow[]): Promise<string> {
  const path = join(folder, `${def.id}.csv`)
  const writer = await openCanonicalWriter(
    path,
    def.columns.map((column) => column.name),
  )
  for (const cells of canonicalCells(def, rows)) await writer.write(cells)
  await writer.finish()
  return path
}
