import { parseArgs } from 'node:util'
import type { TieoutError } from '../../shared/errors.ts'
import { parsePeriod } from '../../shared/period.ts'
import type { RunSource } from '../engine/workflow.ts'

/** A usage error: printed as one line with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export type Options = Record<string, string | boolean | undefined>

export function parseCommand(
  argv: readonly string[],
  spec: Record<string, { type: 'string' | 'boolean'; short?: string }>,
): { options: Options; positionals: string[] } {
  assertKnownOptions(argv, spec)
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: spec, allowPositionals: true, strict: true })
    return { options: values as Options, positionals }
  } catch (error) {
    const code = (error as { code?: string }).code
    const missing = /Option '(-\w, )?(--[\w-]+)/.exec((error as Error).message)
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && missing !== null) {
      const name = missing[2] ?? ''
      throw new UsageError(spec[name.slice(2)]?.type === 'boolean' ? `${name} takes no value` : `${name} needs a value`)
    }
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''))
  }
}

/** Unknown options get our own message naming the option and listing the known ones. */
function assertKnownOptions(argv: readonly string[], spec: Record<string, { type: 'string' | 'boolean'; short?: string }>): void {
  const shorts = new Set(Object.values(spec).flatMap((option) => (option.short === undefined ? [] : [option.short])))
  for (const arg of argv) {
    if (arg === '--') return
    if (!arg.startsWith('-') || arg === '-') continue
    const known = arg.startsWith('--')
      ? Object.hasOwn(spec, arg.slice(2).split('=')[0] ?? '')
      : [...arg.slice(1)].every((c) => shorts.has(c))
    if (!known) {
      const list = Object.keys(spec)
        .map((name) => `--${name}`)
        .join(', ')
      throw new UsageError(`unknown option ${arg.split('=')[0]}; the options are ${list}`)
    }
  }
}

export function requireString(options: Options, name: string): string {
  const value = options[name]
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`)
  return value.trim()
}

export function periodOption(options: Options): string {
  const value = requireString(options, 'period')
  try {
    return parsePeriod(value).period
  } catch (error) {
    throw new UsageError(`--period: ${(error as TieoutError).message}`)
  }
}

/** `EC_NG,JM_EG` → ['EC_NG', 'JM_EG']; absent → [] meaning every in-scope entity. */
export function entitiesOption(options: Options): string[] {
  const value = options.entities
  if (typeof value !== 'string') return []
  const codes = value
    .split(',')
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean)
  const bad = codes.find((code) => !/^[A-Z0-9]{2,4}_[A-Z0-9]{2,4}$/.test(code))
  if (bad) throw new UsageError(`--entities: "${bad}" is not a company code such as EC_NG`)
  return [...new Set(codes)]
}

export function scaleOption(options: Options, fallback = 1): number {
  const value = options.scale
  if (value === undefined) return fallback
  const scale = Number(value)
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100)
    throw new UsageError(`--scale: "${String(value)}" must be a number greater than 0 and at most 100`)
  return scale
}

export function seedOption(options: Options): number | undefined {
  const value = options.seed
  if (value === undefined) return undefined
  const seed = Number(value)
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed: "${String(value)}" must be a non-negative integer`)
  return seed
}

/** `demo`, `files:DIR` or `mssql`. */
export function sourceOption(options: Options): RunSource {
  const value = typeof options.source === 'string' ? options.source.trim() : 'demo'
  if (value === 'demo') {
    const seed = seedOption(options)
    return seed === undefined ? { kind: 'demo', scale: scaleOption(options) } : { kind: 'demo', scale: scaleOption(options), seed }
  }
  if (value === 'mssql') return typeof options.jdash === 'string' ? { kind: 'mssql', jdashDir: options.jdash } : { kind: 'mssql' }
  if (value.startsWith('files:') && value.length > 'files:'.length) return { kind: 'files', dir: value.slice('files:'.length) }
  throw new UsageError(`--source: "${value}" must be demo, files:DIR or mssql`)
}

/** `--jdash` only makes sense with SQL Server: demo and files sources carry their own Jdash. */
export function assertJdashOption(options: Options, source: RunSource): void {
  if (options.jdash !== undefined && source.kind !== 'mssql')
    throw new UsageError('--jdash goes with --source mssql (demo and files sources carry their own JDASH)')
}
