import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ExtractId } from '../../shared/extracts/schema.ts'

/** Where a run keeps its working files; every write is atomic (temp file, then rename). */
export const runPaths = (runDir: string) => ({
  extractCsv: (id: ExtractId) => join(runDir, 'extracts', `${id}.csv`),
  extractInfo: (id: ExtractId) => join(runDir, 'extracts', `${id}.info.json`),
  entities: join(runDir, 'entities.json'),
  result: join(runDir, 'result', 'result.json'),
  resultDir: join(runDir, 'result'),
  workbook: join(runDir, 'result', 'workbook.xlsx'),
  categorized: join(runDir, 'result', 'CR_03-18412-categorized.csv'),
  /** The long lists result.json names (`RESULT_LIST_FILES`), sealed beside it in the package. */
  classifiedItems: join(runDir, 'result', 'IPE_31-classified.csv'),
  uncategorized: join(runDir, 'result', 'CR_03-18412-uncategorized.csv'),
  evidence: join(runDir, 'evidence'),
})

export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, content)
  await rename(temporary, path)
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`)
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export function sha256OfBytes(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
