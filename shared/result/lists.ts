import { RESULT_LIST_FILES, RESULT_SCHEMA_VERSION } from '../api/result-schema.ts'
import type { CurrentRunResult, ListedRunResult, ResultLists, RunResult } from './types.ts'

/** Which long list of a run: the classified IPE_31 items, or the uncategorized 18412 entries. */
export type ResultListName = keyof ResultLists

/** How many rows a list has, as result.json counts them (a version 1 result lists them inline). */
export function listTotal(result: RunResult, list: ResultListName): number {
  if (result.schemaVersion === 1) return inlineLists(result)[list].length
  return list === 'classifiedItems' ? result.classification.itemCount : result.categorization.uncategorizedCount
}

/** The evidence file holding a list of a version 2 result. */
export function listFile(list: ResultListName): string {
  return RESULT_LIST_FILES[list]
}

/** The lists a version 1 result.json held inline. */
export function inlineLists(result: Extract<RunResult, { schemaVersion: 1 }>): ResultLists {
  return { classifiedItems: result.classification.items, uncategorized: result.categorization.uncategorized }
}

/** result.json as published (counts and totals, the lists named by file) and the lists that go to the evidence CSVs. */
export function splitLists(listed: ListedRunResult): { readonly result: CurrentRunResult; readonly lists: ResultLists } {
  const { items, ...classification } = listed.classification
  const { uncategorized, ...categorization } = listed.categorization
  return {
    result: {
      ...listed,
      schemaVersion: RESULT_SCHEMA_VERSION,
      classification: { ...classification, itemCount: items.length, itemsFile: RESULT_LIST_FILES.classifiedItems },
      categorization: { ...categorization, uncategorizedCount: uncategorized.length, uncategorizedFile: RESULT_LIST_FILES.uncategorized },
    },
    lists: { classifiedItems: items, uncategorized },
  }
}

/** The result with its lists back in place, for the workbook; a version 1 result already has them. */
export function withLists(result: RunResult, lists: ResultLists): ListedRunResult {
  if (result.schemaVersion === 1) {
    const inline = inlineLists(result)
    return {
      ...result,
      classification: { ...result.classification, itemCount: inline.classifiedItems.length, itemsFile: RESULT_LIST_FILES.classifiedItems },
      categorization: {
        ...result.categorization,
        uncategorizedCount: inline.uncategorized.length,
        uncategorizedFile: RESULT_LIST_FILES.uncategorized,
      },
    }
  }
  const { classifiedItems, uncategorized } = lists
  return {
    ...result,
    classification: { ...result.classification, items: classifiedItems },
    categorization: { ...result.categorization, uncategorized },
  }
}
