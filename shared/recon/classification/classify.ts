import type { Ipe31Row } from '../../extracts/rows.ts'
import { lcyToUsd } from '../../fx.ts'
import { assertSafeCents, centsToDecimal, type Cents, ZERO_CENTS, addCents } from '../../money.ts'
import type { ClassificationResult, ClassificationSummaryRow, ClassifiedItem } from '../../result/types.ts'
import { rateOf, type ClosingRates } from '../fx-rates.ts'
import { checkCatalog } from './catalog-check.ts'
import { evaluationOrder, triggerField, UNCLASSIFIED, type RuleCatalog, type ClassificationRule } from './catalog.ts'
import { triggerValue } from './trigger-value.ts'

/**
 * Classifies IPE_31 open items by the rule catalog (methodology §7, §11): every trigger column must
 * match; rules are tried by rank, then catalog order; the first match wins; otherwise the item
 * is UNCLASSIFIED. Rows of companies outside the run are ignored.
 *
 * Item key: `classification|<entity>|<Event_date>|<CP>|<Transaction_Type>|<Related_Entity>`,
 * IPE_31's business key; a repeated key (duplicates are only a warning for IPE_31) gets `#2`,
 * `#3`… in extract order.
 */
export type ClassifyOptions = { readonly companies: readonly string[]; readonly rates: ClosingRates }

export type Classification = { readonly items: readonly ClassifiedItem[]; readonly summary: readonly ClassificationSummaryRow[] }

type CompiledRule = {
  readonly rule: ClassificationRule
  /** Slot of each trigger's field in the row's value array; null when a column is not read (never fires). */
  readonly checks: readonly { readonly slot: number; readonly accepted: ReadonlySet<string> }[] | null
}

type Tally = { count: number; cents: Cents }

const UNCLASSIFIED_RULE: ClassificationRule = {
  key: UNCLASSIFIED,
  title: 'Unclassified',
  rank: Number.MAX_SAFE_INTEGER,
  triggers: [],
  drAccounts: [],
  crAccounts: [],
  requiredEnrichments: [],
  notes: null,
}

function compile(rules: readonly ClassificationRule[]): { compiled: CompiledRule[]; fields: string[] } {
  const fields: string[] = []
  const compiled = rules.map((rule) => {
    const checks = rule.triggers.map((trigger) => {
      const field = triggerField(trigger.column)
      if (field === null) return null
      if (!fields.includes(field)) fields.push(field)
      return { slot: fields.indexOf(field), accepted: trigger.accepted }
    })
    return { rule, checks: checks.every((check) => check !== null) ? checks : null }
  })
  return { compiled, fields }
}

function matches(checks: CompiledRule['checks'], values: readonly (string | null)[]): boolean {
  if (checks === null) return false
  for (const { slot, accepted } of checks) {
    const value = values[slot]
    if (value === null || value === undefined || !accepted.has(value)) return false
  }
  return true
}

function firstMatch(compiled: readonly CompiledRule[], values: readonly (string | null)[]): ClassificationRule {
  for (const { rule, checks } of compiled) if (matches(checks, values)) return rule
  return UNCLASSIFIED_RULE
}

export function classifyOpenItems(rows: Iterable<Ipe31Row>, catalog: RuleCatalog, options: ClassifyOptions): Classification {
  const order = evaluationOrder(catalog)
  const { compiled, fields } = compile(order)
  const tallies = emptyTallies(options.companies, order)
  const seenKeys = new Map<string, number>()
  const values: (string | null)[] = fields.map(() => null)
  const items: ClassifiedItem[] = []
  for (const row of rows) {
    const company = (row.companyCode ?? '').trim()
    const tally = tallies.get(company)
    if (!tally) continue
    const record = row as Readonly<Record<string, unknown>>
    for (let slot = 0; slot < fields.length; slot += 1) values[slot] = triggerValue(record[fields[slot] ?? ''])
    const rule = firstMatch(compiled, values)
    items.push(item(row, company, rule, uniqueKey(seenKeys, row, company), options.rates))
    const counted = tally.get(rule.key)
    if (counted) {
      counted.count += 1
      counted.cents = addCents(counted.cents, row.amount ?? ZERO_CENTS)
    }
  }
  return { items, summary: summaryRows(tallies, order, options.rates) }
}

function emptyTallies(companies: readonly string[], order: readonly ClassificationRule[]): Map<string, Map<string, Tally>> {
  const tallies = new Map<string, Map<string, Tally>>()
  for (const company of companies) {
    tallies.set(company.trim(), new Map([...order, UNCLASSIFIED_RULE].map((rule) => [rule.key, { count: 0, cents: ZERO_CENTS }])))
  }
  return tallies
}

function uniqueKey(seen: Map<string, number>, row: Ipe31Row, company: string): string {
  const base = `classification|${company}|${row.eventDate ?? ''}|${row.cp ?? ''}|${row.transactionType ?? ''}|${row.relatedEntity ?? ''}`
  const occurrence = (seen.get(base) ?? 0) + 1
  seen.set(base, occurrence)
  return occurrence === 1 ? base : `${base}#${occurrence}`
}

function item(row: Ipe31Row, company: string, rule: ClassificationRule, key: string, rates: ClosingRates): ClassifiedItem {
  const usd = row.amount === null ? null : lcyToUsd(row.amount, rateOf(rates, company))
  return {
    key,
    companyCode: company,
    eventDate: row.eventDate,
    cp: row.cp,
    transactionType: row.transactionType,
    relatedEntity: row.relatedEntity,
    amountLcy: row.amount === null ? null : centsToDecimal(row.amount),
    amountUsd: usd === null ? null : centsToDecimal(usd),
    rule: rule.key,
    ruleTitle: rule.title,
    drAccounts: rule.drAccounts,
    crAccounts: rule.crAccounts,
  }
}

/** One row per entity × rule (zero counts included, so a rule that never fired is visible); USD from the LCY sum. */
function summaryRows(
  tallies: Map<string, Map<string, Tally>>,
  order: readonly ClassificationRule[],
  rates: ClosingRates,
): ClassificationSummaryRow[] {
  const rows: ClassificationSummaryRow[] = []
  for (const [company, byRule] of tallies) {
    for (const rule of [...order, UNCLASSIFIED_RULE]) {
      const tally = byRule.get(rule.key) ?? { count: 0, cents: 0 }
      const cents = assertSafeCents(tally.cents)
      const usd = lcyToUsd(cents, rateOf(rates, company))
      rows.push({
        companyCode: company,
        rule: rule.key,
        count: tally.count,
        amountLcy: centsToDecimal(cents),
        amountUsd: usd === null ? null : centsToDecimal(usd),
      })
    }
  }
  return rows
}

/** Items, summary and catalog findings together, as published in the run result. */
export function classifyWithFindings(
  rows: Iterable<Ipe31Row>,
  catalog: RuleCatalog,
  options: ClassifyOptions & { readonly availableColumns: readonly string[] },
): ClassificationResult {
  return { ...classifyOpenItems(rows, catalog, options), catalogFindings: checkCatalog(catalog, options.availableColumns) }
}
