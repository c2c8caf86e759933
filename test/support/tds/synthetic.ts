import { EXTRACTS } from '../../../shared/extracts/catalog.ts'
import { columnNames, type ExtractId } from '../../../shared/extracts/schema.ts'
import type { ColumnKind } from '../../../shared/extracts/values.ts'
import type { DataProvider, ExtractData, ExtractQuery } from './answers.ts'

/**
 * Large or hand-made result sets for protocol tests: `rows` extract rows generated lazily from the
 * catalog's column kinds (row i has values derived from i), or the given rows. Extracts not listed
 * fall back to `base`.
 */
export function syntheticProvider(sets: Partial<Record<ExtractId, number | ExtractData>>, base?: DataProvider): DataProvider {
  return (query: ExtractQuery) => {
    const set = sets[query.extract]
    if (set === undefined) {
      if (!base) throw new Error(`no rows for ${query.extract}`)
      return base(query)
    }
    if (typeof set !== 'number') return set
    return { header: columnNames(EXTRACTS[query.extract]), rows: generated(query.extract, set) }
  }
}

function* generated(extract: ExtractId, count: number): Generator<unknown[]> {
  const kinds = EXTRACTS[extract].columns.map((column) => column.kind)
  for (let index = 0; index < count; index++) yield kinds.map((kind) => valueOf(kind, index))
}

function valueOf(kind: ColumnKind, index: number): unknown {
  switch (kind) {
    case 'text':
      return `value ${index}`
    case 'int':
      return index
    case 'number':
    case 'decimal':
      return index / 8
    case 'money':
      return (index % 2 === 0 ? 1 : -1) * (index + 0.25)
    case 'date':
      return '2025-09-30'
    case 'datetime':
      return '2025-09-30T23:59:59'
    case 'bool':
      return index % 2
  }
}
