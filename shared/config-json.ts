import { TieoutError } from './errors.ts'

/**
 * Readers for the versioned, human-edited JSON configuration files. Every failure is a
 * `TIEOUT_ERR_BAD_CONFIG` naming the file and the field (`rules[3].valueUsd`), so the person
 * who edited the file can find the mistake.
 */
export type ConfigPlace = { readonly file: string; readonly path: string }

export const CONFIG_VERSION = 1

export function configRoot(file: string): ConfigPlace {
  return { file, path: '' }
}

export function at(place: ConfigPlace, step: string | number): ConfigPlace {
  if (typeof step === 'number') return { file: place.file, path: `${place.path}[${step}]` }
  return { file: place.file, path: place.path === '' ? step : `${place.path}.${step}` }
}

export function badConfig(place: ConfigPlace, detail: string): TieoutError {
  const where = place.path === '' ? '' : `${place.path}: `
  return new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file: place.file, detail: `${where}${detail}` })
}

function shown(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'string' ? `"${value}"` : typeof value
}

/** A JSON object; keys outside `allowed` are rejected so that a misspelt key is not silently ignored. */
export function objectAt(value: unknown, place: ConfigPlace, allowed?: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badConfig(place, `expected an object, found ${shown(value)}`)
  }
  const record = value as Record<string, unknown>
  if (allowed) {
    const unknown = Object.keys(record).filter((key) => !allowed.includes(key))
    if (unknown.length > 0) throw badConfig(at(place, unknown[0] ?? ''), `unknown key (allowed: ${allowed.join(', ')})`)
  }
  return record
}

export function arrayAt(value: unknown, place: ConfigPlace): readonly unknown[] {
  if (!Array.isArray(value)) throw badConfig(place, `expected a list, found ${shown(value)}`)
  return value
}

/** A non-blank string, trimmed; `pattern` states the accepted form in the message. */
export function textAt(value: unknown, place: ConfigPlace, pattern?: { regex: RegExp; form: string }): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw badConfig(place, `expected a non-empty text, found ${shown(value)}`)
  }
  const text = value.trim()
  if (pattern && !pattern.regex.test(text)) throw badConfig(place, `"${text}" is not ${pattern.form}`)
  return text
}

export function optionalTextAt(value: unknown, place: ConfigPlace): string | null {
  return value === undefined || value === null ? null : textAt(value, place)
}

/** A list of non-blank strings without repeats (a repeat in a scope or account list is a typo). */
export function textListAt(value: unknown, place: ConfigPlace, options: { nonEmpty?: boolean } = {}): string[] {
  const list = arrayAt(value, place).map((item, index) => textAt(item, at(place, index)))
  if (options.nonEmpty && list.length === 0) throw badConfig(place, 'expected at least one value')
  const seen = new Set<string>()
  list.forEach((item, index) => {
    if (seen.has(item)) throw badConfig(at(place, index), `"${item}" is listed twice`)
    seen.add(item)
  })
  return list
}

export function integerAt(value: unknown, place: ConfigPlace, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw badConfig(place, `expected an integer ≥ ${min}, found ${shown(value)}`)
  }
  return value
}

/** The root object of a configuration file with `"version": 1`. */
export function configDocument(json: unknown, file: string, allowed: readonly string[]): Record<string, unknown> {
  const root = configRoot(file)
  const document = objectAt(json, root, ['version', 'description', ...allowed])
  if (document.version !== CONFIG_VERSION) {
    throw badConfig(at(root, 'version'), `expected ${CONFIG_VERSION}, found ${shown(document.version)}`)
  }
  if (document.description !== undefined) optionalTextAt(document.description, at(root, 'description'))
  return document
}
