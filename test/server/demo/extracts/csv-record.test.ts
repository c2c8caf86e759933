import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvRecord } from '../../../../server/demo/extracts/csv-record.ts'

describe('csvRecord (RFC 4180)', () => {
  it('writes plain values unquoted with a \\n line end', () => {
    expect(csvRecord(['EC_NG', 1234.5, -0.07, 0, null, undefined, true, false])).toBe('EC_NG,1234.5,-0.07,0,,,1,0\n')
  })

  it('quotes texts holding a comma, a quote, CR or LF and doubles the quotes', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'two\nlines', 'cr\r'])).toBe('"a,b","say ""hi""","two\nlines","cr\r"\n')
  })

  it('keeps leading and trailing spaces, which a reader must see (padded voucher ids)', () => {
    const [record] = parse(csvRecord([' 110000015 ', "Cote d'Ivoire"])) as string[][]
    expect(record).toEqual([' 110000015 ', "Cote d'Ivoire"])
  })
})
