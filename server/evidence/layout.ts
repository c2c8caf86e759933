import { TieoutError } from '../../shared/errors.ts'

/**
 * Where each file of an evidence package lives (methodology §10). Callers build paths with these helpers
 * so that the layout is written down once.
 */
export const MANIFEST_FILE = 'manifest.json'
export const APPENDIX_DIR = 'appendix'
/** The signed count and head of the appendix, inside `appendix/`, rewritten with each append. */
export const SEAL_NAME = 'seal.json'
export const SEAL_FILE = `${APPENDIX_DIR}/${SEAL_NAME}`
/** A package is written under `<dir>.partial` and renamed when sealed. */
export const PARTIAL_SUFFIX = '.partial'

export const EVIDENCE_PATHS = {
  run: 'run.json',
  /** The public key that signs the appendix, with its fingerprint (sealed like every file). */
  signingKey: 'signing-key.json',
  steps: 'steps.json',
  extractCsv: (extractId: string) => `extracts/${extractId}.csv`,
  extractQuery: (extractId: string) => `extracts/${extractId}.query.sql`,
  /** For sources without SQL (files, demo): how the extract was obtained. */
  extractDescription: (extractId: string) => `extracts/${extractId}.source.txt`,
  extractParams: (extractId: string) => `extracts/${extractId}.params.json`,
  quality: (extractId: string) => `quality/${extractId}.json`,
  config: (name: string) => `config/${name}.json`,
  result: 'results/result.json',
  sheetCsv: (sheet: string) => `results/${sheet}.csv`,
  workbook: 'results/workbook.xlsx',
} as const

// Portable on every file system and inside zips; no leading dot, so nothing hides.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/

/** Why `path` cannot be a sealed file of a package, or null when it can. */
export function packagePathProblem(path: string): string | null {
  const segments = path.split('/')
  if (!segments.every((segment) => SEGMENT.test(segment))) {
    return `"${path}" is not a relative posix path of letters, digits, ".", "_" and "-"`
  }
  if (path === MANIFEST_FILE) return `"${path}" is written by the package itself`
  if (segments[0] === APPENDIX_DIR) return `"${path}" is under ${APPENDIX_DIR}/, which holds appended records only`
  return null
}

export function assertPackagePath(path: string): void {
  const problem = packagePathProblem(path)
  if (problem) throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `evidence file ${problem}` })
}

export function isAppendixPath(path: string): boolean {
  return path.startsWith(`${APPENDIX_DIR}/`)
}

/** JSON text as every package file is written: two-space indent, `\n` line ends, final newline. */
export function evidenceJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
