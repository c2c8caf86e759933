import { describe, expect, it } from 'vitest'
import { createNameRegister, parseUploadName } from '../../../server/filesets/names.ts'

const parse = (name: string | undefined) => parseUploadName(name, 100)

describe('upload file names (methodology §3, §11)', () => {
  it('reads the extract, format and company from the name, the extension in any case', () => {
    expect(parse('IPE_08_USAGE.Xlsx')).toEqual({ name: 'IPE_08_USAGE.Xlsx', extract: 'IPE_08_USAGE', format: 'xlsx' })
    expect(parse('JDASH.tsv')).toEqual({ name: 'JDASH.tsv', extract: 'JDASH', format: 'tsv' })
    expect(parse('JDASH_EC_NG.csv')).toEqual({ name: 'JDASH_EC_NG.csv', extract: 'JDASH', format: 'csv', company: 'EC_NG' })
  })

  it.each([
    [undefined, 'a file part has no file name'],
    ['', 'a file part has no file name'],
    ['x'.repeat(101), 'the name is longer than 100 characters'],
    ['IPE_07.csv\u0000.txt', 'must be a plain file name'],
    ['IPE_07.csv\n', 'must be a plain file name'],
    ['IPE_07..csv', 'must be a plain file name'],
    ['IPE_07', 'unexpected name'],
    ['IPE_07.csv.gz', 'unexpected name'],
    ['IPE_07.xls', 'unexpected extension ".xls"'],
    ['Ipe_07.csv', 'did you mean IPE_07.csv?'],
    ['JDASH_EC_.csv', 'JDASH_ must be followed by a company code'],
  ])('refuses %j', (name, message) => {
    expect(() => parse(name)).toThrow(message)
  })

  it('takes each extract once and Jdash either whole or per company', () => {
    const names = createNameRegister()
    names.add(parse('CR_03.csv'))
    names.add(parse('JDASH_EC_NG.csv'))
    names.add(parse('JDASH_EC_KE.xlsx'))
    expect(() => names.add(parse('CR_03.tsv'))).toThrow('extract CR_03 is already supplied as "CR_03.csv"')
    expect(() => names.add(parse('JDASH_EC_NG.tsv'))).toThrow('Jdash of company EC_NG is already supplied as "JDASH_EC_NG.csv"')
    expect(() => names.add(parse('JDASH.csv'))).toThrow('Jdash is already supplied as "JDASH_EC_NG.csv"')
    expect(() => names.add(parse('jdash_ec_ng.CSV'))).toThrow()
  })
})
