import { describe, expect, it } from 'vitest'
import { TextColumn } from '../../../server/extracts/text-column.ts'

function readAll(values: readonly string[]): (string | null)[] {
  const column = new TextColumn()
  const buffer = Buffer.from(values.join(''))
  const read: (string | null)[] = []
  let offset = 0
  for (const value of values) {
    const length = Buffer.byteLength(value)
    read.push(column.read(buffer, offset, offset + length))
    offset += length
  }
  return read
}

describe('TextColumn', () => {
  it('reads repeated and changing values of the same length exactly', () => {
    const values = ['EC_NG', 'EC_NG', 'JD_GH', 'EC_NG', 'Société', 'Société', 'EC_KE']
    expect(readAll(values)).toEqual(values)
  })

  it('reads an empty cell as null and unquotes a quoted one', () => {
    expect(readAll(['', '"a,""b"""', 'x'])).toEqual([null, 'a,"b"', 'x'])
  })

  it('stays exact after it stops reusing values in a column that rarely repeats', () => {
    const values = Array.from({ length: 3000 }, (_, index) => `V-${index % 1500}`)
    expect(readAll(values)).toEqual(values)
  })
})
