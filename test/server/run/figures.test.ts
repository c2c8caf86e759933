import { createHash } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, tieout, type CliOutcome } from '../cli/cli.ts'

/**
 * The outputs of a whole scale-1 demo run, figure by figure, against the ones recorded from an
 * earlier version: a faster reader, writer or compute must give the same canonical CSVs (byte for
 * byte), the same result.json and the same workbook sheets. Re-record deliberately with
 * `TIEOUT_RECORD_FIGURES=1 npx vitest run test/server/run/figures.test.ts` when a figure is meant to change.
 */
const RECORDED = new URL('./figures.demo-2025-09-scale-1.json', import.meta.url).pathname
/** Fields that differ from run to run by design. */
const VOLATILE = new Set(['runId'])

type Manifest = { files: { path: string; sha256: string; size: number }[] }
type Figures = {
  /** SHA-256 of the canonical extracts, quality reports, configuration and result sheets (run id masked). */
  files: Record<string, string>
  /** SHA-256 of each result.json section, plus the tie-out and conclusions in full. */
  sections: Record<string, string>
  tieOut: unknown
  conclusions: unknown
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * With worker threads (extract ranges, compute beside categorization) and without them
 * (`TIEOUT_EXTRACT_WORKERS=0`: every step in the run's thread): the same figures either way.
 */
describe.each([
  { threads: 'with worker threads', env: {} },
  { threads: "in the run's thread alone", env: { TIEOUT_EXTRACT_WORKERS: '0' } },
])('a scale-1 demo run $threads gives the recorded figures', ({ env }) => {
  let work: string
  let outcome: CliOutcome
  let figures: Figures
  let recorded: Figures

  beforeAll(async () => {
    work = await tempDir('figures')
    const out = join(work, 'out')
    outcome = await tieout(['reconcile', '--source', 'demo', '--period', '2025-09', '--out', out, '--data-dir', join(work, 'data')], env)
    if (outcome.code !== 0) return
    const manifest = JSON.parse(await readFile(join(out, 'evidence', 'manifest.json'), 'utf8')) as Manifest
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as Record<string, unknown>
    const runId = String(result.runId)
    // The Evidence sheet names the run: the same bytes otherwise.
    const fileHash = async (path: string) => sha256((await readFile(join(out, 'evidence', path), 'utf8')).replaceAll(runId, '<run id>'))
    const paths = manifest.files.map((file) => file.path).filter((path) => /^(extracts|quality|config)\/|^results\/.*\.csv$/.test(path))
    figures = {
      files: Object.fromEntries(await Promise.all(paths.map(async (path) => [path, await fileHash(path)]))),
      sections: Object.fromEntries(
        Object.entries(result)
          .filter(([key]) => !VOLATILE.has(key))
          .map(([key, value]) => [key, sha256(JSON.stringify(value))]),
      ),
      tieOut: result.tieOut,
      conclusions: result.conclusions,
    }
    if (process.env.TIEOUT_RECORD_FIGURES === '1' && Object.keys(env).length === 0) {
      await writeFile(RECORDED, `${JSON.stringify(figures, null, 2)}\n`)
    }
    recorded = JSON.parse(await readFile(RECORDED, 'utf8')) as Figures
  }, 180_000)
  afterAll(async () => rm(work, { recursive: true, force: true }))

  it('succeeds', () => {
    expect(outcome.code, outcome.stderr).toBe(0)
  })

  it('writes byte-identical canonical extracts, quality reports and result sheets', () => {
    expect(Object.keys(figures.files).sort()).toEqual(Object.keys(recorded.files).sort())
    for (const [path, hash] of Object.entries(recorded.files)) expect(figures.files[path], path).toBe(hash)
  })

  it('gives the same tie-out and conclusions, figure by figure', () => {
    expect(figures.tieOut).toEqual(recorded.tieOut)
    expect(figures.conclusions).toEqual(recorded.conclusions)
  })

  it('gives the same result.json, section by section', () => {
    expect(Object.keys(figures.sections).sort()).toEqual(Object.keys(recorded.sections).sort())
    for (const [section, hash] of Object.entries(recorded.sections)) expect(figures.sections[section], section).toBe(hash)
  })
})
