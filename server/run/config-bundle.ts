import { readdir, readFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TieoutError } from '../../shared/errors.ts'
import { allAccounts, parseAccountMap, type AccountMap } from '../../shared/recon/account-map.ts'
import { parseCategorizationConfig, type CategorizationConfig } from '../../shared/recon/categorization.ts'
import { parseRuleCatalog, type RuleCatalog } from '../../shared/recon/classification.ts'
import { parseThresholdFile, type ThresholdFile } from '../../shared/recon/thresholds.ts'
import { parseCurrencies, type CurrencyMap } from '../../shared/entities.ts'
import type { ConfigRef } from '../../shared/result/types.ts'
import { sha256OfBytes } from './run-files.ts'

/**
 * The editable configuration of a run (account map, thresholds, rule catalog, categorization,
 * currencies), read once, validated, and hashed byte for byte so the evidence names exactly
 * what was used.
 */
export type ConfigBundle = {
  readonly dir: string
  readonly accountMap: AccountMap
  readonly categorization: CategorizationConfig
  readonly ruleCatalog: RuleCatalog
  readonly currencies: CurrencyMap
  /** DEFAULT first, then one file per country code. */
  readonly thresholds: readonly ThresholdFile[]
  readonly glAccounts: readonly string[]
  /** Every file with its SHA-256, in a fixed order. */
  readonly refs: readonly (ConfigRef & { readonly bytes: Buffer })[]
}

export const DEFAULT_CONFIG_DIR = resolve(fileURLToPath(new URL('../../config', import.meta.url)))

type Loaded = { ref: ConfigRef & { bytes: Buffer }; json: unknown }

async function loadFile(dir: string, relative: string, name: string): Promise<Loaded> {
  const file = join(dir, relative)
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file, detail: `cannot read (${(error as Error).message})` })
  }
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file, detail: `not valid JSON (${(error as Error).message})` })
  }
  return { ref: { name, file: relative, sha256: sha256OfBytes(bytes), bytes }, json }
}

export async function loadConfigBundle(dir: string = DEFAULT_CONFIG_DIR): Promise<ConfigBundle> {
  const [accountMap, categorization, ruleCatalog, currencies] = await Promise.all([
    loadFile(dir, 'account-map.json', 'account-map'),
    loadFile(dir, 'categorization.json', 'categorization'),
    loadFile(dir, 'classification-rules.json', 'classification-rules'),
    loadFile(dir, 'currencies.json', 'currencies'),
  ])
  const thresholdNames = (await readdir(join(dir, 'thresholds'))).filter((name) => name.endsWith('.json')).sort(defaultFirst)
  const thresholds = await Promise.all(
    thresholdNames.map((name) => loadFile(dir, `thresholds/${name}`, `thresholds-${basename(name, '.json')}`)),
  )
  const parsedMap = parseAccountMap(accountMap.json, accountMap.ref.file)
  return {
    dir,
    accountMap: parsedMap,
    categorization: parseCategorizationConfig(categorization.json, categorization.ref.file),
    ruleCatalog: parseRuleCatalog(ruleCatalog.json, ruleCatalog.ref.file),
    currencies: parseCurrencies(currencies.json, currencies.ref.file),
    thresholds: thresholds.map(({ json, ref }) => parseThresholdFile(json, ref.file, ref.sha256)),
    glAccounts: allAccounts(parsedMap),
    refs: [accountMap, categorization, ruleCatalog, currencies, ...thresholds].map(({ ref }) => ref),
  }
}

function defaultFirst(a: string, b: string): number {
  if (a === 'DEFAULT.json') return -1
  if (b === 'DEFAULT.json') return 1
  return a.localeCompare(b)
}
