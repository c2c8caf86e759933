import { resolve } from 'node:path'
import { parsePeriod } from '../../shared/period.ts'
import { writeDemoData } from '../demo/index.ts'
import { entitiesOption, parseCommand, periodOption, requireString, scaleOption, seedOption } from './args.ts'

const HELP = `Usage: tieout demo-data --period YYYY-MM --out DIR [--entities EC_NG,JM_EG] [--scale N] [--seed N]

Writes the built-in demo extracts as <ID>.csv files (the form "--source files:DIR" reads) and
ground-truth.json, the list of discrepancies planted in them. Scale 1 ≈ 250,000 rows in all.`

export async function run(argv: string[]): Promise<number> {
  const { options } = parseCommand(argv, {
    period: { type: 'string' },
    out: { type: 'string' },
    entities: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (options.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const period = parsePeriod(periodOption(options))
  const out = resolve(requireString(options, 'out'))
  const entities = entitiesOption(options)
  const seed = seedOption(options)
  const written = await writeDemoData({
    period,
    scale: scaleOption(options),
    out,
    ...(entities.length > 0 ? { companies: entities } : {}),
    ...(seed !== undefined ? { seed } : {}),
  })
  for (const file of written.files) process.stdout.write(`${file.path}  ${file.rows.toLocaleString('en-US')} rows\n`)
  return 0
}
