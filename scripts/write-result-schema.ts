import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { resultJsonSchema } from '../shared/api/result-schema.ts'

/**
 * Writes `docs/result.schema.json`, the JSON Schema of `result.json`, from the TypeBox schema in
 * `shared/api/result-schema.ts`. Deterministic: 2-space JSON with a final newline, laid out by the
 * repository's Prettier config so that `npm run format` leaves it unchanged.
 * Run with `npx tsx scripts/write-result-schema.ts`; a test fails when the file is stale.
 */
export const RESULT_SCHEMA_FILE = fileURLToPath(new URL('../docs/result.schema.json', import.meta.url))

export async function renderResultSchema(): Promise<string> {
  const options = (await resolveConfig(RESULT_SCHEMA_FILE)) ?? {}
  return format(JSON.stringify(resultJsonSchema(), null, 2), { ...options, tabWidth: 2, useTabs: false, filepath: RESULT_SCHEMA_FILE })
}

export async function writeResultSchema(file: string = RESULT_SCHEMA_FILE): Promise<string> {
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, await renderResultSchema())
  return file
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`wrote ${await writeResultSchema()}`)
}
