import type { ClassifiedItem, ResultLists, UncategorizedRow } from './types.ts'

/**
 * The columns of the list CSVs (`results/IPE_31-classified.csv`, `results/CR_03-18412-uncategorized.csv`):
 * one per field of the row, named as in the result, in this order. A cell is text; `null` is an
 * empty cell (the extracts never give an empty text: an empty value is null), account lists are
 * JSON arrays, so a row read back is the row written.
 */
type CellKind = 'text' | 'nullable' | 'integer' | 'list'

const CLASSIFIED_ITEM = {
  key: 'text',
  companyCode: 'text',
  eventDate: 'nullable',
  cp: 'nullable',
  transactionType: 'nullable',
  relatedEntity: 'nullable',
  amountLcy: 'nullable',
  amountUsd: 'nullable',
  rule: 'text',
  ruleTitle: 'text',
  drAccounts: 'list',
  crAccounts: 'list',
} as const satisfies Record<keyof ClassifiedItem, CellKind>

const UNCATEGORIZED = {
  companyCode: 'text',
  entryNo: 'integer',
  documentNo: 'nullable',
  postingDate: 'nullable',
  description: 'nullable',
  userId: 'nullable',
  amountLcy: 'nullable',
} as const satisfies Record<keyof UncategorizedRow, CellKind>

const KINDS: { readonly [L in keyof ResultLists]: Readonly<Record<string, CellKind>> } = {
  classifiedItems: CLASSIFIED_ITEM,
  uncategorized: UNCATEGORIZED,
}

export type ListRow<L extends keyof ResultLists> = ResultLists[L][number]

/** The header of a list's CSV: the field names. */
export function listHeader(list: keyof ResultLists): string[] {
  return Object.keys(KINDS[list])
}

function cellOf(kind: CellKind, value: unknown): string {
  if (value === null || value === undefined) return ''
  if (kind === 'list') return JSON.stringify(value)
  return String(value)
}

function valueOf(kind: CellKind, cell: string, where: () => string): unknown {
  if (kind === 'text') return cell
  if (cell === '') return kind === 'list' ? [] : null
  if (kind === 'nullable') return cell
  if (kind === 'integer') {
    const value = Number(cell)
    if (!Number.isSafeInteger(value)) throw new Error(`${where()}: "${cell}" is not an integer`)
    return value
  }
  const list: unknown = JSON.parse(cell)
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) throw new Error(`${where()}: not a list of texts`)
  return list
}

/** One row as the cells of its CSV record. */
export function listCells<L extends keyof ResultLists>(list: L, row: ListRow<L>): string[] {
  const record = row as unknown as Readonly<Record<string, unknown>>
  return Object.entries(KINDS[list]).map(([field, kind]) => cellOf(kind, record[field]))
}

/**
 * The row of a CSV record; `line` names the record in a message. A record with another number of
 * cells than the header, or a cell of the wrong form, is an error: the file is not what was written.
 */
export function listRow<L extends keyof ResultLists>(list: L, cells: readonly string[], line: number): ListRow<L> {
  const kinds = Object.entries(KINDS[list])
  if (cells.length !== kinds.length) throw new Error(`${list} row ${line}: ${cells.length} cells, expected ${kinds.length}`)
  const row: Record<string, unknown> = {}
  kinds.forEach(([field, kind], index) => {
    row[field] = valueOf(kind, cells[index] ?? '', () => `${list} row ${line}, column ${field}`)
  })
  return row as unknown as ListRow<L>
}
