import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The configuration files as shipped in `config/`, read the way the server reads them. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export function shippedConfig(relative: string): { json: unknown; file: string; sha256: string } {
  const bytes = readFileSync(`${ROOT}${relative}`)
  return { json: JSON.parse(bytes.toString('utf8')), file: relative, sha256: createHash('sha256').update(bytes).digest('hex') }
}
