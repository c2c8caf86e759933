import {
  arrayAt,
  at,
  badConfig,
  configDocument,
  configRoot,
  objectAt,
  optionalTextAt,
  textAt,
  textListAt,
  type ConfigPlace,
} from '../config-json.ts'
import { centsToDecimal, parseCents, type Cents, ZERO_CENTS, cents } from '../money.ts'
import type { BridgeId, ThresholdRef, ThresholdType } from '../result/types.ts'
import { accountGroup, bridgeAttribution, type AccountGroup, type AccountMap } from './account-map.ts'

/**
 * Materiality thresholds (methodology §8, §11): one DEFAULT file and optional per-country files of
 * rules `{ type, valueUsd, scope }`. The most specific matching rule of the country file wins,
 * then DEFAULT, then the built-in values. All amounts are USD cents.
 */
export const THRESHOLD_TYPES = ['BUCKET_USD', 'LINE_ITEM_USD', 'COUNTRY_MATERIALITY_USD'] as const satisfies readonly ThresholdType[]

export const BUILT_IN_THRESHOLDS: Readonly<Record<ThresholdType, Cents>> = {
  BUCKET_USD: cents(100_000),
  LINE_ITEM_USD: cents(50_000),
  COUNTRY_MATERIALITY_USD: cents(1_000_000),
}

export type ThresholdScope = {
  readonly glAccounts: readonly string[]
  readonly categories: readonly string[]
  readonly voucherTypes: readonly string[]
}

export type ThresholdRule = {
  readonly type: ThresholdType
  readonly valueCents: Cents
  readonly scope: ThresholdScope
  readonly description: string | null
}

/** A parsed file with its provenance (path and SHA-256 of its bytes), recorded on every status it decides. */
export type ThresholdFile = {
  readonly country: string
  readonly rules: readonly ThresholdRule[]
  readonly file: string
  readonly sha256: string
}

/** The files that apply to one country: its own (if any) and DEFAULT (if any). */
export type CountryThresholds = { readonly country: ThresholdFile | null; readonly fallback: ThresholdFile | null }

/**
 * What a threshold is asked for. A non-empty scope list matches only when the context supplies
 * a value in it; a group's GL context is all its accounts and any listed one matches.
 */
export type ThresholdContext = {
  readonly glAccounts?: readonly string[]
  readonly category?: string | null
  readonly voucherType?: string | null
}

export const DEFAULT_THRESHOLDS = 'DEFAULT'
const COUNTRY = { regex: /^(?:[A-Z]{2}|DEFAULT)$/, form: 'an ISO two-letter country code in capitals or DEFAULT' }
const USD = /^\d+(?:\.\d{1,2})?$/

/** Validates a threshold file; `file` and `sha256` (of the file's bytes) are its provenance. */
export function parseThresholdFile(json: unknown, file: string, sha256: string): ThresholdFile {
  const document = configDocument(json, file, ['country', 'rules'])
  const root = configRoot(file)
  const country = textAt(document.country, at(root, 'country'), COUNTRY)
  const rules = arrayAt(document.rules, at(root, 'rules')).map((rule, index) => parseRule(rule, at(at(root, 'rules'), index)))
  return { country, rules, file, sha256 }
}

function parseRule(value: unknown, place: ConfigPlace): ThresholdRule {
  const rule = objectAt(value, place, ['type', 'valueUsd', 'scope', 'description'])
  const type = textAt(rule.type, at(place, 'type'))
  if (!(THRESHOLD_TYPES as readonly string[]).includes(type))
    throw badConfig(at(place, 'type'), `unknown type (known: ${THRESHOLD_TYPES.join(', ')})`)
  return {
    type: type as ThresholdType,
    valueCents: parseUsd(rule.valueUsd, at(place, 'valueUsd')),
    scope: parseScope(rule.scope, at(place, 'scope')),
    description: optionalTextAt(rule.description, at(place, 'description')),
  }
}

function parseUsd(value: unknown, place: ConfigPlace): Cents {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : ''
  if (!USD.test(text)) throw badConfig(place, 'expected a USD amount ≥ 0 with at most two decimals, e.g. "1000.00"')
  return parseCents(text) ?? ZERO_CENTS
}

function parseScope(value: unknown, place: ConfigPlace): ThresholdScope {
  if (value === undefined) return { glAccounts: [], categories: [], voucherTypes: [] }
  const scope = objectAt(value, place, ['glAccounts', 'categories', 'voucherTypes'])
  const list = (key: string): string[] => (scope[key] === undefined ? [] : textListAt(scope[key], at(place, key)))
  return { glAccounts: list('glAccounts'), categories: list('categories'), voucherTypes: list('voucherTypes') }
}

/** Picks the country's file and DEFAULT among all threshold files; two files for one country are an error. */
export function thresholdsForCountry(sources: readonly ThresholdFile[], countryCode: string): CountryThresholds {
  const byCountry = new Map<string, ThresholdFile>()
  for (const source of sources) {
    const other = byCountry.get(source.country)
    if (other) throw badConfig(at(configRoot(source.file), 'country'), `${source.country} is also defined by ${other.file}`)
    byCountry.set(source.country, source)
  }
  const country = countryCode.trim().toUpperCase()
  return {
    country: country === DEFAULT_THRESHOLDS ? null : (byCountry.get(country) ?? null),
    fallback: byCountry.get(DEFAULT_THRESHOLDS) ?? null,
  }
}

function folded(value: string): string {
  return value.trim().toLowerCase()
}

/** One point per non-empty scope list that matches; null when a non-empty list does not match. */
function specificity(scope: ThresholdScope, context: ThresholdContext): number | null {
  let points = 0
  if (scope.glAccounts.length > 0) {
    const accounts = context.glAccounts ?? []
    if (!accounts.some((account) => scope.glAccounts.includes(account.trim()))) return null
    points += 1
  }
  for (const [list, value] of [
    [scope.categories, context.category],
    [scope.voucherTypes, context.voucherType],
  ] as const) {
    if (list.length === 0) continue
    if (value === undefined || value === null || !list.some((entry) => folded(entry) === folded(value))) return null
    points += 1
  }
  return points
}

function bestRule(source: ThresholdFile, type: ThresholdType, context: ThresholdContext): ThresholdRef | null {
  let best: { rule: ThresholdRule; index: number } | null = null
  let bestPoints = -1
  for (const [index, rule] of source.rules.entries()) {
    const points = rule.type === type ? specificity(rule.scope, context) : null
    // Strictly greater: among equally specific rules the first in the file wins.
    if (points === null || points <= bestPoints) continue
    bestPoints = points
    best = { rule, index }
  }
  if (best === null) return null
  return { type, valueUsd: centsToDecimal(best.rule.valueCents), file: source.file, sha256: source.sha256, rule: best.index }
}

export function resolveThreshold(thresholds: CountryThresholds, type: ThresholdType, context: ThresholdContext): ThresholdRef {
  for (const source of [thresholds.country, thresholds.fallback]) {
    const found = source === null ? null : bestRule(source, type, context)
    if (found) return found
  }
  return { type, valueUsd: centsToDecimal(BUILT_IN_THRESHOLDS[type]), file: 'built-in', sha256: null, rule: null }
}

export function thresholdCents(threshold: ThresholdRef): Cents {
  return parseCents(threshold.valueUsd) ?? ZERO_CENTS
}

/** methodology §8: |x| ≥ threshold is INVESTIGATE (equality included); unknown USD is FX_MISSING. */
export function statusOf(usdCents: Cents | null, threshold: ThresholdRef): 'OK' | 'INVESTIGATE' | 'FX_MISSING' {
  if (usdCents === null) return 'FX_MISSING'
  return Math.abs(usdCents) >= thresholdCents(threshold) ? 'INVESTIGATE' : 'OK'
}

/** methodology §8, §11: a line is material at |USD| ≥ LINE_ITEM_USD, and when its USD is unknown. */
export function isMaterial(usdCents: Cents | null, lineThreshold: ThresholdRef): boolean {
  return usdCents === null || Math.abs(usdCents) >= thresholdCents(lineThreshold)
}

/** Tie-out group: all its accounts. */
export function groupContext(group: AccountGroup): ThresholdContext {
  return { glAccounts: group.glAccounts }
}

/** Bridge line: the accounts of the group the bridge explains. */
export function bridgeLineContext(map: AccountMap, bridge: BridgeId): ThresholdContext {
  const group = accountGroup(map, bridgeAttribution(map, bridge).group)
  return { glAccounts: group?.glAccounts ?? [] }
}

/** Roll-forward bucket: the voucher-liability group's accounts (18412), category and voucher type. */
export function bucketContext(group: AccountGroup, category: string, voucherType: string | null): ThresholdContext {
  return { glAccounts: group.glAccounts, category, voucherType }
}

/** Entity total: no scope, so only unscoped rules apply. */
export const ENTITY_CONTEXT: ThresholdContext = {}
