/**
 * The evidence step and the CLI's output writing, alone, on a copy of a finished run's folder:
 *
 *   npx tsx bench/evidence.ts RUN_DIR WORK_DIR [--repeat N] [--skip-outputs] [--no-ahead]
 *
 * RUN_DIR is `<data>/runs/<id>` of a finished run (read only). Its extracts, result files and
 * entities are copied once into WORK_DIR/run; each repetition removes what the step wrote, seals
 * the package again into a fresh store (WORK_DIR/store) and writes the CLI's outputs into
 * WORK_DIR/out (result.json, workbook.xlsx, evidence/, evidence.zip). The clock is fixed, so two
 * versions of the code give the same bytes: the manifest's and the zip's SHA-256 are printed. The
 * canonical extracts are deflated for the zip during the step, as `reconcile --out` does, unless
 * `--no-ahead`.
 * Prints wall and CPU seconds (all threads) of each part.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadConfigBundle } from '../server/run/config-bundle.ts'
import { runEvidenceStep } from '../server/run/evidence-step.ts'
import { loadOrCreateSigner } from '../server/evidence/signing.ts'
import { createLocalStore } from '../server/evidence/store/local-store.ts'
import { STORE_EVIDENCE } from '../server/evidence/store/evidence-store.ts'
import { writeRunOutputs, zipAheadOf } from '../server/cli/reconcile-command.ts'
import type { RunInput, StepLogEntry } from '../server/engine/workflow.ts'

const FIXED_NOW = Date.parse('2026-12-03T12:00:00.000Z')

/** Every `new Date()` and `Date.now()` gives the same instant, so repeated runs seal the same bytes. */
function fixClock(): void {
  const RealDate = Date
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(FIXED_NOW)
      else super(...(args as [string]))
    }
    static override now(): number {
      return FIXED_NOW
    }
  }
  globalThis.Date = FixedDate as DateConstructor
}

async function prepare(from: string, run: string): Promise<void> {
  if (await stat(join(run, 'entities.json')).catch(() => null)) return
  await mkdir(join(run, 'extracts'), { recursive: true })
  await mkdir(join(run, 'result'), { recursive: true })
  for (const name of await readdir(join(from, 'extracts'))) await copyFile(join(from, 'extracts', name), join(run, 'extracts', name))
  for (const name of ['result.json', 'CR_03-18412-categorized.csv', 'IPE_31-classified.csv', 'CR_03-18412-uncategorized.csv']) {
    await copyFile(join(from, 'result', name), join(run, 'result', name))
  }
  await copyFile(join(from, 'entities.json'), join(run, 'entities.json'))
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const value = await work()
  const used = process.cpuUsage(cpu)
  const wall = (performance.now() - start) / 1000
  console.log(`${label.padEnd(10)} wall ${wall.toFixed(2)} s, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`)
  return value
}

async function main(): Promise<void> {
  const [fromArg, workArg, ...rest] = process.argv.slice(2)
  if (!fromArg || !workArg) throw new Error('usage: bench/evidence.ts RUN_DIR WORK_DIR [--repeat N] [--skip-outputs] [--no-ahead]')
  const repeat = rest.includes('--repeat') ? Number(rest[rest.indexOf('--repeat') + 1]) : 1
  const from = resolve(fromArg)
  const work = resolve(workArg)
  const run = join(work, 'run')
  await prepare(from, run)
  fixClock()
  const runJson = JSON.parse(await readFile(join(from, 'evidence', 'run.json'), 'utf8')) as { runId: string; input: RunInput }
  const steps = JSON.parse(await readFile(join(from, 'evidence', 'steps.json'), 'utf8')) as StepLogEntry[]
  const config = await loadConfigBundle()
  const signer = await loadOrCreateSigner(join(work, 'key.pem'))
  for (let round = 0; round < repeat; round++) {
    for (const path of ['evidence', 'evidence.partial', 'result/sheets', 'result/workbook.xlsx'])
      await rm(join(run, path), { recursive: true, force: true })
    await rm(join(work, 'store'), { recursive: true, force: true })
    await rm(join(work, 'out'), { recursive: true, force: true })
    const store = createLocalStore(join(work, 'store'), { folders: { [STORE_EVIDENCE]: join(work, 'store') } })
    const deps = {
      config,
      openSource: () => Promise.reject(new Error('no source')),
      productVersion: 'bench',
      evidenceChainRoot: join(work, 'store'),
      evidenceStore: store,
      signer,
    }
    const context = {
      runId: runJson.runId,
      runDir: run,
      input: runJson.input,
      attempt: 1,
      signal: new AbortController().signal,
      progress: () => undefined,
      stepLog: async () => steps,
    }
    // As `reconcile --out` does: the extracts are deflated for the zip while the step runs.
    const ahead = rest.includes('--no-ahead') ? null : zipAheadOf(run)
    const output = await timed('evidence', () => runEvidenceStep(context, deps))
    console.log(`manifest   ${output.sha256}`)
    if (rest.includes('--skip-outputs')) {
      await ahead?.discard()
      continue
    }
    await timed('outputs', () => writeRunOutputs(run, join(work, 'out'), ahead).finally(() => ahead?.discard()))
    console.log(`zip        ${await sha256File(join(work, 'out', 'evidence.zip'))}`)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
