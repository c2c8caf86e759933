import { describe, expect, it } from 'vitest'
import { EXTRACTS } from '../../../shared/extracts/catalog.ts'
import { queryText } from '../../../server/sql/catalog.ts'

describe('catalog queries return rows in a fixed order (methodology §10: the same data gives the same hash)', () => {
  const sqlExtracts = Object.values(EXTRACTS).filter((def) => def.origin === 'sql')

  it.each(sqlExtracts.map((def) => [def.id, def] as const))('%s ends with ORDER BY its key columns', (_, def) => {
    const orderBy = /ORDER BY\s+([^\n]+)\s*$/i.exec(queryText(def.id).trimEnd())?.[1] ?? ''
    const columns = orderBy.split(',').map((column) => column.trim().replace(/^\[|\]$/g, ''))
    expect(columns.slice(0, def.keys.length)).toEqual([...def.keys])
  })
})
