import { dataQualityError } from '../errors.ts'
import { fieldColumns, type ExtractDef, type RowOf } from './schema.ts'
import { KINDS } from './values.ts'

/** Where each schema column sits in a header: exact name first, then the schema's aliases. */
export type ColumnResolution = {
  readonly indexes: ReadonlyMap<string, number>
  readonly missingRequired: readonly string[]
  readonly found: readonly string[]
  readonly ignored: readonly string[]
}

export function resolveColumns(def: ExtractDef, header: readonly string[]): ColumnResolution {
  const positions = new Map<string, number>()
  header.forEach((name, index) => {
    const trimmed = name.replace(/^\uFEFF/, '').trim()
    if (!positions.has(trimmed)) positions.set(trimmed, index)
  })
  const indexes = new Map<string, number>()
  const missingRequired: string[] = []
  const used = new Set<number>()
  for (const column of def.columns) {
    const candidates = [column.name, ...(column.aliases ?? [])]
    const index = candidates.map((name) => positions.get(name)).find((position) => position !== undefined)
    if (index !== undefined) {
      indexes.set(column.name, index)
      used.add(index)
    } else if (column.required) missingRequired.push(column.name)
  }
  const found = header.map((name) => name.replace(/^\uFEFF/, '').trim())
  const ignored = found.filter((_, index) => !used.has(index))
  return { indexes, missingRequired, found, ignored }
}

/**
 * A reader of typed rows from records laid out as `header`. Values that do not parse throw a
 * data-quality error naming the extract, row and column; callers that must collect every problem
 * (the quality checks) use the normalizer instead.
 */
export function typedRowReader<E extends ExtractDef>(
  def: E,
  header: readonly string[],
): (record: readonly unknown[], rowNumber: number) => RowOf<E> {
  const resolution = resolveColumns(def, header)
  if (resolution.missingRequired.length > 0) {
    throw dataQualityError(
      `${def.id}: missing required column(s) ${resolution.missingRequired.join(', ')}; found ${resolution.found.join(', ')}`,
    )
  }
  const fields = fieldColumns(def).map((column) => ({
    field: column.field,
    name: column.name,
    parse: KINDS[column.kind].parse as (raw: unknown) => { ok: boolean; value?: unknown; reason?: string },
    index: resolution.indexes.get(column.name) ?? -1,
  }))
  return (record, rowNumber) => {
    const row: Record<string, unknown> = {}
    for (const { field, name, parse, index } of fields) {
      const parsed = parse(index < 0 ? null : record[index])
      if (!parsed.ok) throw dataQualityError(`${def.id} row ${rowNumber}, column "${name}": ${parsed.reason}`)
      row[field] = parsed.value
    }
    return row as RowOf<E>
  }
}
