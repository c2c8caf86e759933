import type { CellValue, ColumnFormat, RowStyle, SheetColumn, SheetRow } from './model.ts'

/** A column whose key keeps its literal type, so a table's rows are checked against its keys. */
export type Column<K extends string> = SheetColumn & { readonly key: K }

type Options = Pick<SheetColumn, 'review' | 'choices' | 'hidden' | 'wrap'>

export function column<const K extends string>(
  key: K,
  header: string,
  format: ColumnFormat,
  width: number,
  options: Options = {},
): Column<K> {
  return { key, header, format, width, ...options }
}

export const text = <const K extends string>(key: K, header: string, width = 24): Column<K> => column(key, header, 'text', width)
export const id = <const K extends string>(key: K, header: string, width = 16): Column<K> => column(key, header, 'id', width)
export const money = <const K extends string>(key: K, header: string, width = 16): Column<K> => column(key, header, 'money', width)
export const integer = <const K extends string>(key: K, header: string, width = 10): Column<K> => column(key, header, 'integer', width)
export const rate = <const K extends string>(key: K, header: string, width = 14): Column<K> => column(key, header, 'rate', width)
export const date = <const K extends string>(key: K, header: string, width = 12): Column<K> => column(key, header, 'date', width)
export const status = <const K extends string>(key: K, header: string, width = 13): Column<K> => column(key, header, 'status', width)

/** The stable row key: hidden, never edited; Sync review reads it beside the review cells. */
export const KEY_COLUMN = column('rowKey', 'Key', 'id', 44, { hidden: true })

export type RowValues<K extends string> = Partial<Record<K, CellValue>>

export type Table<K extends string> = {
  readonly columns: readonly Column<K>[]
  /** A row in column order; absent values are empty; the hidden key column gets the row key. */
  row(values: RowValues<K>, style?: RowStyle, key?: string): SheetRow
  /** A heading row: the label in the first column, the rest empty. */
  section(label: string): SheetRow
}

export function defineTable<const C extends readonly Column<string>[]>(columns: C): Table<C[number]['key']> {
  const keys = columns.map((c) => c.key)
  const keyIndex = columns.findIndex((c) => c.hidden === true)
  return {
    columns,
    row(values, style = 'normal', key = '') {
      const record = values as Readonly<Record<string, CellValue | undefined>>
      const cells = keys.map((k) => record[k] ?? null)
      if (keyIndex >= 0 && key !== '') cells[keyIndex] = key
      return { key, cells, style }
    },
    section(label) {
      return { key: '', cells: keys.map((_, i) => (i === 0 ? label : null)), style: 'section' }
    },
  }
}
