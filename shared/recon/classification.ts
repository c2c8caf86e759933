/**
 * Classification of collection open items (methodology §7): the public face of `classification/`.
 * `catalog.ts` reads the rule catalog, `classify.ts` labels IPE_31 items and summarises them,
 * `catalog-check.ts` reports rules that cannot fire, `trigger-value.ts` is the value comparison.
 */
export {
  evaluationOrder,
  parseRuleCatalog,
  UNCLASSIFIED,
  type ClassificationRule,
  type RuleCatalog,
  type Trigger,
} from './classification/catalog.ts'
export { checkCatalog } from './classification/catalog-check.ts'
export { classifyOpenItems, classifyWithFindings, type Classification, type ClassifyOptions } from './classification/classify.ts'
export { triggerValue } from './classification/trigger-value.ts'
