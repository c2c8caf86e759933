import type { Cents } from '../../shared/money.ts'

/** `T` with its cents fields written as plain numbers, as test rows write amounts. */
export type PlainAmounts<T> = { [K in keyof T]: [Extract<T[K], Cents>] extends [never] ? T[K] : Exclude<T[K], Cents> | number }

/** A test row with plain-number amounts as the typed row; cents are integers at run time, so nothing changes. */
export function rowOf<T>(row: PlainAmounts<T>): T {
  return row as unknown as T
}
