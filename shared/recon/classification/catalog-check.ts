import type { CatalogFinding } from '../../result/types.ts'
import { triggerValue } from './trigger-value.ts'
import { CLASSIFIED_EXTRACT, evaluationOrder, triggerField, type RuleCatalog, type ClassificationRule } from './catalog.ts'

/**
 * What the catalog's owners should know (methodology §7): rules, or accepted values of rules, that can
 * never fire because a rule tried earlier matches every such item first; and rules whose trigger
 * columns the classified extract does not have (or the schema does not read), which never fire.
 */

/** One combination of accepted values, one per trigger column of a rule (comparable forms and as written). */
type Combination = { readonly comparable: ReadonlyMap<string, string>; readonly shown: string }

// A catalog is human-sized; past this many combinations a rule is not analysed rather than slowing the run.
const MAX_COMBINATIONS = 10_000

export function checkCatalog(catalog: RuleCatalog, availableColumns: readonly string[]): CatalogFinding[] {
  const available = new Set(availableColumns)
  const order = evaluationOrder(catalog)
  const findings: CatalogFinding[] = []
  order.forEach((rule, position) => {
    const shadowing = shadowFinding(rule, order.slice(0, position))
    if (shadowing) findings.push(shadowing)
    const missing = missingColumnsFinding(rule, available)
    if (missing) findings.push(missing)
  })
  return findings
}

function missingColumnsFinding(rule: ClassificationRule, available: ReadonlySet<string>): CatalogFinding | null {
  const absent = rule.triggers.filter((trigger) => !available.has(trigger.column)).map((trigger) => trigger.column)
  const unread = rule.triggers
    .filter((trigger) => available.has(trigger.column) && triggerField(trigger.column) === null)
    .map((trigger) => trigger.column)
  if (absent.length === 0 && unread.length === 0) return null
  const parts = [
    absent.length > 0 ? `${CLASSIFIED_EXTRACT} has no column ${absent.join(', ')}` : null,
    unread.length > 0 ? `the ${CLASSIFIED_EXTRACT} schema does not read column ${unread.join(', ')}` : null,
  ].filter((part) => part !== null)
  return { rule: rule.key, kind: 'missing-columns', detail: `${parts.join('; ')}: the rule never fires` }
}

function combinations(rule: ClassificationRule): Combination[] | null {
  const size = rule.triggers.reduce((product, trigger) => product * trigger.values.length, 1)
  if (size > MAX_COMBINATIONS) return null
  let result: Combination[] = [{ comparable: new Map(), shown: '' }]
  for (const trigger of rule.triggers) {
    result = result.flatMap((partial) =>
      trigger.values.map((text) => ({
        comparable: new Map([...partial.comparable, [trigger.column, triggerValue(text) ?? '']]),
        shown: `${partial.shown}${partial.shown ? ', ' : ''}${trigger.column} "${text}"`,
      })),
    )
  }
  return result
}

/** An earlier rule takes the combination when each of its trigger columns is one of ours and accepts our value. */
function takenBy(combination: Combination, earlier: readonly ClassificationRule[]): ClassificationRule | undefined {
  return earlier.find((rule) =>
    rule.triggers.every((trigger) => {
      const value = combination.comparable.get(trigger.column)
      return value !== undefined && trigger.accepted.has(value)
    }),
  )
}

function shadowFinding(rule: ClassificationRule, earlier: readonly ClassificationRule[]): CatalogFinding | null {
  const all = combinations(rule)
  if (all === null || earlier.length === 0) return null
  const taken = all.flatMap((combination) => {
    const winner = takenBy(combination, earlier)
    return winner ? [{ combination, winner }] : []
  })
  if (taken.length === 0) return null
  const winners = [...new Set(taken.map(({ winner }) => `${winner.key} (rank ${winner.rank})`))].join(', ')
  if (taken.length === all.length) {
    return { rule: rule.key, kind: 'unreachable', detail: `never fires: every item it matches is taken first by ${winners}` }
  }
  const detail = taken
    .map(({ combination, winner }) => `${combination.shown} is taken first by ${winner.key} (rank ${winner.rank})`)
    .join('; ')
  return { rule: rule.key, kind: 'partly-unreachable', detail }
}
