import {
  arrayAt,
  at,
  badConfig,
  configDocument,
  configRoot,
  integerAt,
  objectAt,
  optionalTextAt,
  textAt,
  textListAt,
  type ConfigPlace,
} from '../../config-json.ts'
import { IPE_31 } from '../../extracts/catalog.ts'
import { triggerValue } from './trigger-value.ts'

/**
 * The rule catalog that classifies IPE_31 open items (methodology §7), read from
 * `config/classification-rules.json`. Rules keep their catalog order; `rank` decides first.
 */
export const CLASSIFIED_EXTRACT = 'IPE_31'
export const UNCLASSIFIED = 'UNCLASSIFIED'

/** One trigger: a column as the extract emits it and the values it accepts (`accepted`: comparable forms). */
export type Trigger = {
  readonly column: string
  readonly values: readonly string[]
  readonly accepted: ReadonlySet<string>
}

export type ClassificationRule = {
  readonly key: string
  readonly title: string
  readonly rank: number
  readonly triggers: readonly Trigger[]
  readonly drAccounts: readonly string[]
  readonly crAccounts: readonly string[]
  readonly requiredEnrichments: readonly string[]
  readonly notes: string | null
}

export type RuleCatalog = { readonly extract: typeof CLASSIFIED_EXTRACT; readonly rules: readonly ClassificationRule[] }

const RULE_KEY = { regex: /^[A-Z][A-Z0-9_]*$/, form: 'an UPPER_SNAKE key (CASH_DEPOSITS)' }
const RULE_FIELDS = ['key', 'title', 'rank', 'triggers', 'drAccounts', 'crAccounts', 'requiredEnrichments', 'notes']

export function parseRuleCatalog(json: unknown, file: string): RuleCatalog {
  const document = configDocument(json, file, ['extract', 'rules'])
  const root = configRoot(file)
  if (textAt(document.extract, at(root, 'extract')) !== CLASSIFIED_EXTRACT) {
    throw badConfig(at(root, 'extract'), `only ${CLASSIFIED_EXTRACT} items are classified`)
  }
  const place = at(root, 'rules')
  const rules = arrayAt(document.rules, place).map((rule, index) => parseRule(rule, at(place, index)))
  const keys = new Set<string>()
  rules.forEach((rule, index) => {
    if (keys.has(rule.key)) throw badConfig(at(at(place, index), 'key'), `rule ${rule.key} is defined twice`)
    keys.add(rule.key)
  })
  return { extract: CLASSIFIED_EXTRACT, rules }
}

function parseRule(value: unknown, place: ConfigPlace): ClassificationRule {
  const rule = objectAt(value, place, RULE_FIELDS)
  const key = textAt(rule.key, at(place, 'key'), RULE_KEY)
  if (key === UNCLASSIFIED) throw badConfig(at(place, 'key'), `${UNCLASSIFIED} is the label of unmatched items, not a rule`)
  const optionalList = (name: string): string[] => (rule[name] === undefined ? [] : textListAt(rule[name], at(place, name)))
  return {
    key,
    title: textAt(rule.title, at(place, 'title')),
    rank: integerAt(rule.rank, at(place, 'rank'), 1),
    triggers: parseTriggers(rule.triggers, at(place, 'triggers')),
    drAccounts: textListAt(rule.drAccounts, at(place, 'drAccounts')),
    crAccounts: textListAt(rule.crAccounts, at(place, 'crAccounts')),
    requiredEnrichments: optionalList('requiredEnrichments'),
    notes: optionalTextAt(rule.notes, at(place, 'notes')),
  }
}

function parseTriggers(value: unknown, place: ConfigPlace): Trigger[] {
  const triggers = Object.entries(objectAt(value, place)).map(([column, values]) => parseTrigger(column, values, at(place, column)))
  if (triggers.length === 0) throw badConfig(place, 'expected at least one trigger column')
  return triggers
}

function parseTrigger(column: string, value: unknown, place: ConfigPlace): Trigger {
  textAt(column, place)
  const values = textListAt(value, place, { nonEmpty: true })
  // `1` and `true` read alike (methodology §11): listing both, as the default catalog does, is harmless.
  return { column, values, accepted: new Set(values.map((text) => triggerValue(text) ?? '')) }
}

/** Rules in the order they are tried: by rank, then catalog order (a stable sort). */
export function evaluationOrder(catalog: RuleCatalog): ClassificationRule[] {
  return [...catalog.rules].sort((a, b) => a.rank - b.rank)
}

/** The typed IPE_31 property a trigger column is read from; null when the schema does not read that column. */
export function triggerField(column: string): string | null {
  for (const def of IPE_31.columns) if (def.name === column) return 'field' in def ? def.field : null
  return null
}
