import { existsSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FilesetRecord, FilesetReport } from '../../../../../shared/api/filesets.ts'
import { FILESET_LIMITS, type FilesetLimits } from '../../../../../server/filesets/limits.ts'
import { buildWithFilesets, filesetFolders, LIMITED_PREFIX, upload } from '../../../filesets/app.ts'
import { filesBody, multipartBody } from '../../../filesets/multipart.ts'
import { sheetXml, workbook, workbookParts, zipOf } from '../../../filesets/workbooks.ts'

const CR_05 = 'Company_Code,year,cod_month,FX_rate\nEC_NG,2025,9,1530.25\nEC_KE,2025,9,129.5\n'
const CR_04 =
  'ID_COMPANY,CLOSING_DATE,GROUP_COA_ACCOUNT_NO,BALANCE_AT_DATE\nEC_NG,2025-09-30,18412,-1000.00\nEC_NG,2025-09-30,13001,2500.50\nEC_NG,2025-09-30,18350,0\n'
const JDASH = 'ID_COMPANY,Voucher Id,Amount Used\nEC_NG,V-1,12.50\n'
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('POST /api/filesets: a valid upload', () => {
  it('answers 201 with each file’s extract, size, SHA-256 and row count, and keeps the fileset', async () => {
    const test = await buildWithFilesets()
    const response = await upload(test, filesBody({ 'CR_05.csv': CR_05, 'CR_04.csv': CR_04, 'JDASH.csv': JDASH }))
    expect(response.statusCode, response.body).toBe(201)
    const report = response.json<FilesetReport>()
    expect(report).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
      passed: true,
      files: [
        { name: 'CR_05.csv', extract: 'CR_05', bytes: CR_05.length, sha256: sha256(CR_05), rows: 2, passed: true, issues: [] },
        { name: 'CR_04.csv', extract: 'CR_04', bytes: CR_04.length, sha256: sha256(CR_04), rows: 3, passed: true, issues: [] },
        { name: 'JDASH.csv', extract: 'JDASH', bytes: JDASH.length, sha256: sha256(JDASH), rows: 1, passed: true, issues: [] },
      ],
    })
    expect(response.headers.location).toBe(`/api/filesets/${report.id}`)
    expect(filesetFolders(test)).toEqual([report.id])
    expect(readFileSync(join(test.dataDir, 'filesets', report.id, 'CR_04.csv'), 'utf8')).toBe(CR_04)
  })

  it('stores fileset.json, which GET /api/filesets/:id returns to every role', async () => {
    const test = await buildWithFilesets()
    const { id } = (await upload(test, filesBody({ 'CR_05.csv': CR_05 }))).json<FilesetReport>()
    const stored = JSON.parse(readFileSync(join(test.dataDir, 'filesets', id, 'fileset.json'), 'utf8')) as FilesetRecord
    expect(stored).toMatchObject({
      id,
      createdBy: 'demo-preparer',
      passed: true,
      files: [expect.objectContaining({ name: 'CR_05.csv', rows: 2 })],
    })
    expect(Date.parse(stored.createdAt)).not.toBeNaN()
    for (const role of ['auditor', 'preparer', 'reviewer', 'admin'] as const) {
      const response = await test.app.inject({ url: `/api/filesets/${id}`, headers: test.as(role) })
      expect(response.statusCode, role).toBe(200)
      expect(response.json()).toEqual(stored)
    }
  })

  it('accepts the extension in any case, TSV, and a workbook', async () => {
    const test = await buildWithFilesets()
    const xlsx = await workbook([
      ['Voucher Id', 'Amount Used'],
      ['V-1', 12.5],
      ['V-2', 7],
    ])
    const response = await upload(test, filesBody({ 'CR_05.CSV': CR_05, 'CR_04.tsv': CR_04.replaceAll(',', '\t'), 'JDASH.xlsx': xlsx }))
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json<FilesetReport>().files.map((file) => [file.name, file.rows])).toEqual([
      ['CR_05.CSV', 2],
      ['CR_04.tsv', 3],
      ['JDASH.xlsx', 2],
    ])
  })

  it('accepts Jdash as one file per company, counting each file’s rows', async () => {
    const test = await buildWithFilesets()
    const perCompany = 'Voucher Id,Amount Used\nV-1,1.00\nV-2,2.00\n'
    const response = await upload(
      test,
      filesBody({ 'JDASH_EC_NG.csv': perCompany, 'JDASH_EC_KE.csv': 'Amount Used,Voucher Id\n3.00,V-3\n' }),
    )
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json<FilesetReport>().files.map((file) => [file.name, file.extract, file.rows])).toEqual([
      ['JDASH_EC_NG.csv', 'JDASH', 2],
      ['JDASH_EC_KE.csv', 'JDASH', 1],
    ])
  })

  it('lists warnings without failing the file', async () => {
    const test = await buildWithFilesets()
    const response = await upload(test, filesBody({ 'CR_05.csv': 'Company_Code,year,cod_month,FX_rate,Remark\nEC_NG,2025,9,1530.25,x\n' }))
    expect(response.statusCode).toBe(201)
    expect(response.json<FilesetReport>().files[0]?.issues).toEqual([
      expect.objectContaining({ check: 'ignored-columns', severity: 'warning' }),
    ])
  })
})

describe('POST /api/filesets: a file that fails its quality checks (methodology §3)', () => {
  it('a bad amount is a 422 naming the file, row and column; the upload is deleted', async () => {
    const test = await buildWithFilesets()
    const bad = CR_04.replace('2500.50', '25OO.50')
    const response = await upload(test, filesBody({ 'CR_05.csv': CR_05, 'CR_04.csv': bad }))
    expect(response.statusCode).toBe(422)
    const report = response.json<FilesetReport>()
    expect(report.passed).toBe(false)
    expect(report.files[0]).toMatchObject({ name: 'CR_05.csv', passed: true })
    expect(report.files[1]).toMatchObject({
      name: 'CR_04.csv',
      rows: 3,
      passed: false,
      issues: [
        {
          check: 'types',
          severity: 'error',
          column: 'BALANCE_AT_DATE',
          rows: [2],
          message: expect.stringContaining('CR_04 file CR_04.csv, column "BALANCE_AT_DATE"'),
        },
      ],
    })
    expect(report.files[1]?.issues[0]?.message).toContain('at row 2')
    expect(filesetFolders(test)).toEqual([])
    expect((await test.app.inject({ url: `/api/filesets/${report.id}`, headers: test.as('auditor') })).statusCode).toBe(404)
  })

  it('a missing required column is a 422 naming it and the columns found', async () => {
    const test = await buildWithFilesets()
    const response = await upload(
      test,
      filesBody({ 'CR_04.csv': 'ID_COMPANY,CLOSING_DATE,GROUP_COA_ACCOUNT_NO\nEC_NG,2025-09-30,18412\n' }),
    )
    expect(response.statusCode).toBe(422)
    const issue = response.json<FilesetReport>().files[0]?.issues[0]
    expect(issue).toMatchObject({ check: 'required-columns', severity: 'error', column: 'BALANCE_AT_DATE' })
    expect(issue?.message).toContain(
      'missing required column "BALANCE_AT_DATE"; columns found: "ID_COMPANY", "CLOSING_DATE", "GROUP_COA_ACCOUNT_NO"',
    )
  })

  it('lists every problem of every file, not only the first', async () => {
    const test = await buildWithFilesets()
    const response = await upload(
      test,
      filesBody({
        'CR_05.csv': 'Company_Code,year,cod_month,FX_rate\nEC_NG,2025,13x,abc\n',
        'CR_04.csv': 'ID_COMPANY,CLOSING_DATE\n',
      }),
    )
    expect(response.statusCode).toBe(422)
    const [cr05, cr04] = response.json<FilesetReport>().files
    expect(cr05?.issues.map((issue) => issue.column)).toEqual(['cod_month', 'FX_rate'])
    expect(cr04?.issues.map((issue) => issue.check)).toEqual(['required-columns', 'min-rows'])
  })

  it('a file that cannot be read as a table is an issue of check "file"', async () => {
    const test = await buildWithFilesets()
    const response = await upload(
      test,
      filesBody({
        'CR_05.csv': Buffer.from('Company_Code,year,cod_month,FX_rate\nSoci\xe9t\xe9,2025,9,1\n', 'latin1'),
        'CR_04.csv': 'ID_COMPANY,CLOSING_DATE,GROUP_COA_ACCOUNT_NO,BALANCE_AT_DATE\nEC_NG,2025-09-30,18412,1,extra\n',
        'JDASH.csv': '',
      }),
    )
    expect(response.statusCode).toBe(422)
    const messages = response.json<FilesetReport>().files.map((file) => [file.issues[0]?.check, file.issues[0]?.message])
    expect(messages).toEqual([
      ['file', expect.stringContaining('CR_05 file CR_05.csv: not UTF-8 text')],
      ['file', expect.stringContaining('CR_04 file CR_04.csv, line 2: Invalid Record Length')],
      ['file', 'JDASH file JDASH.csv: empty file, no header line'],
    ])
  })

  it('a Jdash file of a company the entity master does not know fails with check "company"', async () => {
    const test = await buildWithFilesets()
    const response = await upload(
      test,
      filesBody({ 'JDASH_EC_NG.csv': 'Voucher Id,Amount Used\nV-1,1\n', 'JDASH_Ec_Ke.csv': 'Voucher Id,Amount Used\nV-2,2\n' }),
    )
    expect(response.statusCode).toBe(422)
    const [ng, ke] = response.json<FilesetReport>().files
    expect(ng?.passed).toBe(true)
    expect(ke?.issues).toEqual([
      {
        check: 'company',
        severity: 'error',
        message: 'JDASH file JDASH_Ec_Ke.csv: company Ec_Ke (from the file name) is not in the entity master; did you mean EC_KE?',
      },
    ])
  })

  it('Jdash files per company with different columns fail the later file', async () => {
    const test = await buildWithFilesets()
    const response = await upload(
      test,
      filesBody({ 'JDASH_EC_NG.csv': 'Voucher Id,Amount Used\nV-1,1\n', 'JDASH_EC_KE.csv': 'Voucher Id,Amount Used,Extra\nV-2,2,x\n' }),
    )
    expect(response.statusCode).toBe(422)
    const [ng, ke] = response.json<FilesetReport>().files
    expect(ng?.passed).toBe(true)
    expect(ke?.issues.at(-1)).toEqual({
      check: 'file',
      severity: 'error',
      message: 'JDASH file JDASH_EC_KE.csv: columns differ from JDASH_EC_NG.csv (extra Extra)',
    })
  })
})

describe('POST /api/filesets: hostile workbooks', () => {
  it('a sheet declaring more rows than the reader accepts fails on the row limit; the server stays up', async () => {
    const test = await buildWithFilesets()
    const sheet = sheetXml([
      [1, ['Voucher Id', 'Amount Used']],
      [2, ['V-1', 1]],
      [1_048_577, ['V-2', 2]],
    ])
    const response = await upload(test, filesBody({ 'JDASH.xlsx': zipOf(workbookParts(sheet)) }))
    expect(response.statusCode).toBe(422)
    expect(response.json<FilesetReport>().files[0]?.issues).toEqual([
      {
        check: 'file',
        severity: 'error',
        message: expect.stringContaining('JDASH file JDASH.xlsx: more than 1048576 rows in the worksheet'),
      },
    ])
    expect((await test.app.inject({ url: '/healthz' })).statusCode).toBe(200)
  })

  it('a zip bomb (one row of three million cells, 45 MB of XML in a 100 KB file) is refused before the reader inflates it', async () => {
    const test = await buildWithFilesets()
    const row = `<row r="2">${'<c><v>1</v></c>'.repeat(3_000_000)}</row>`
    const sheet = sheetXml([[1, ['Voucher Id', 'Amount Used']]]).replace('</sheetData>', `${row}</sheetData>`)
    const bomb = zipOf(workbookParts(sheet))
    expect(bomb.length).toBeLessThan(200_000)
    const response = await upload(test, filesBody({ 'JDASH.xlsx': bomb }))
    expect(response.statusCode).toBe(422)
    expect(response.json<FilesetReport>().files[0]?.issues[0]?.message).toBe(
      `JDASH file JDASH.xlsx: worksheet xl/worksheets/sheet1.xml: a row of more than ${FILESET_LIMITS.xlsx.maxSegmentBytes} bytes of markup; the workbook is damaged or hostile`,
    )
    expect((await test.app.inject({ url: '/healthz' })).statusCode).toBe(200)
  })

  it('a file named .xlsx that is not a zip, or whose sheet is not XML, fails with check "file"', async () => {
    const test = await buildWithFilesets()
    const response = await upload(
      test,
      filesBody({
        'CR_05.xlsx': 'Company_Code,year\nEC_NG,2025\n',
        'JDASH.xlsx': zipOf(workbookParts('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></x></row></sheetData></worksheet>')),
      }),
    )
    expect(response.statusCode).toBe(422)
    const [notZip, badXml] = response.json<FilesetReport>().files
    expect(notZip?.issues[0]?.message).toMatch(/^CR_05 file CR_05\.xlsx: not a readable workbook \(\.xlsx is a zip\)/)
    expect(badXml?.issues).toEqual([
      {
        check: 'file',
        severity: 'error',
        message: expect.stringMatching(/^JDASH file JDASH\.xlsx: cannot be read as a workbook: .*unmatched closing tag/),
      },
    ])
    expect((await test.app.inject({ url: '/healthz' })).statusCode).toBe(200)
  })
})

describe('POST /api/filesets: refused requests name the field or file and leave nothing behind', () => {
  const refused = async (body: ReturnType<typeof multipartBody>, status = 400) => {
    const test = await buildWithFilesets()
    const response = await upload(test, body)
    expect(response.statusCode, response.body).toBe(status)
    expect(filesetFolders(test)).toEqual([])
    return response.json<{ error: { code: string; message: string } }>().error.message
  }

  it.each([
    ['IPE_99.csv', /^file "IPE_99\.csv": unexpected name; expected <EXTRACT_ID>\.csv/],
    ['notes.txt', /^file "notes\.txt": unexpected extension "\.txt"/],
    ['ipe_07.csv', /^file "ipe_07\.csv": unexpected name; extract ids are exact: did you mean IPE_07\.csv\?/],
    ['JDASH_.csv', /^file "JDASH_\.csv": JDASH_ must be followed by a company code such as EC_NG$/],
    ['JDASH_EC-NG.csv', /^file "JDASH_EC-NG\.csv": unexpected name/],
    ['CR 05.csv', /^file "CR 05\.csv": unexpected name/],
  ])('an unexpected name (%s) is a 400 naming the file', async (name, message) => {
    expect(await refused(filesBody({ [name]: CR_05 }))).toMatch(message)
  })

  it.each([
    ['../CR_05.csv', 'file "../CR_05.csv"'],
    ['/etc/CR_05.csv', 'file "/etc/CR_05.csv"'],
    ['sub\\CR_05.csv', 'file "sub\\\\CR_05.csv"'],
    ['C:CR_05.csv', 'file "C:CR_05.csv"'],
    ['..', 'file ".."'],
    ['.CR_05.csv', 'file ".CR_05.csv"'],
  ])('a path (%s) is a 400, never a file outside the upload', async (name, shown) => {
    expect(await refused(filesBody({ [name]: CR_05 }))).toBe(
      `${shown}: must be a plain file name (no folders, slashes, backslashes, "..", drive letters or control characters)`,
    )
  })

  it.each([
    ["UTF-8''..%2FCR_05.csv", 'file "../CR_05.csv"'],
    ["UTF-8''CR_05%00.csv", 'file "CR_05\\u0000.csv"'],
  ])('an encoded name (filename*=%s) is checked after decoding', async (encoded, shown) => {
    const body = multipartBody([{ disposition: `form-data; name="files"; filename*=${encoded}`, content: CR_05 }])
    expect(await refused(body)).toMatch(new RegExp(`^${shown.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}: must be a plain file name`))
  })

  it('a file part without a name is a 400', async () => {
    const body = multipartBody([{ disposition: 'form-data; name="files"', contentType: 'application/octet-stream', content: CR_05 }])
    expect(await refused(body)).toMatch(/^a file part has no file name/)
  })

  it('the same file twice, or names that differ only by case, are a 400', async () => {
    const twice = multipartBody([
      { filename: 'CR_05.csv', content: CR_05 },
      { filename: 'CR_05.csv', content: CR_05 },
    ])
    expect(await refused(twice)).toBe('file "CR_05.csv": appears twice in the upload')
    expect(await refused(filesBody({ 'CR_05.csv': CR_05, 'CR_05.CSV': CR_05 }))).toBe(
      'file "CR_05.CSV": differs from "CR_05.csv" only by case',
    )
    expect(await refused(filesBody({ 'JDASH_EC_NG.csv': JDASH, 'JDASH_ec_ng.csv': JDASH }))).toBe(
      'file "JDASH_ec_ng.csv": differs from "JDASH_EC_NG.csv" only by case',
    )
  })

  it('two files of one extract, or Jdash both whole and per company, are a 400', async () => {
    expect(await refused(filesBody({ 'CR_05.csv': CR_05, 'CR_05.xlsx': CR_05 }))).toBe(
      'file "CR_05.xlsx": extract CR_05 is already supplied as "CR_05.csv"; keep exactly one',
    )
    expect(await refused(filesBody({ 'JDASH.csv': JDASH, 'JDASH_EC_NG.csv': JDASH }))).toMatch(
      /^file "JDASH_EC_NG\.csv": Jdash is already supplied as "JDASH\.csv"; send either one JDASH file or one JDASH_<companyCode> file per company/,
    )
  })

  it('more files than the limit is a 413', async () => {
    const files = Array.from({ length: FILESET_LIMITS.maxFiles + 1 }, (_, index) => ({ filename: `JDASH_C${index}.csv`, content: JDASH }))
    expect(await refused(multipartBody(files), 413)).toBe(`files: more than ${FILESET_LIMITS.maxFiles} files in one upload`)
  })

  it('a file under another field name, or a text field, is a 400 naming the field', async () => {
    expect(await refused(multipartBody([{ field: 'upload', filename: 'CR_05.csv', content: CR_05 }]))).toMatch(
      /^field "upload": a file is not expected here/,
    )
    expect(await refused(multipartBody([{ field: 'period', content: '2025-09' }]))).toMatch(
      /^field "period": a text field is not expected here/,
    )
  })

  it('an upload without files is a 400; a JSON body is a 415', async () => {
    expect(await refused(multipartBody([]))).toMatch(/^files: no extract files in the upload/)
    const test = await buildWithFilesets()
    const json = await test.app.inject({ method: 'POST', url: '/api/filesets', headers: test.as('preparer'), payload: { files: [] } })
    expect(json.statusCode).toBe(415)
    expect(json.json().error).toEqual({
      code: 'TIEOUT_ERR_UNSUPPORTED_MEDIA_TYPE',
      message: 'body: send multipart/form-data with the extract files as parts named "files"',
    })
  })

  it('only a preparer (or admin) may upload', async () => {
    const test = await buildWithFilesets()
    expect((await upload(test, filesBody({ 'CR_05.csv': CR_05 }), { role: 'auditor' })).statusCode).toBe(403)
    expect((await upload(test, filesBody({ 'CR_05.csv': CR_05 }), { role: 'admin' })).statusCode).toBe(201)
  })
})

describe('POST /api/filesets: bodies the multipart parser cannot read', () => {
  it('multipart/form-data without a boundary is a 400 saying so', async () => {
    const test = await buildWithFilesets()
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/filesets',
      headers: { ...test.as('preparer'), 'content-type': 'multipart/form-data' },
      payload: 'a,b\n1,2\n',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      error: { code: 'TIEOUT_ERR_BAD_INPUT', message: 'body: the Content-Type multipart/form-data has no boundary parameter' },
    })
    expect(filesetFolders(test)).toEqual([])
  })

  it('a body cut off before its closing boundary is a 400 saying so', async () => {
    const test = await buildWithFilesets()
    const { payload, headers } = filesBody({ 'CR_05.csv': CR_05 })
    const cut = payload.subarray(0, payload.length - 40)
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/filesets',
      headers: { ...test.as('preparer'), ...headers },
      payload: cut,
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe('body: the multipart/form-data body ends before its closing boundary (truncated upload)')
    expect(filesetFolders(test)).toEqual([])
  })

  it('a workbook whose cells have no reference (r) is a 422 naming the sheet and row', async () => {
    const test = await buildWithFilesets()
    const sheet = sheetXml([
      [1, ['Voucher Id', 'Amount Used']],
      [2, ['V-1', 1]],
    ]).replace('<c r="A2" t="inlineStr">', '<c t="inlineStr">')
    const response = await upload(test, filesBody({ 'JDASH.xlsx': zipOf(workbookParts(sheet)) }))
    expect(response.statusCode).toBe(422)
    expect(response.json<FilesetReport>().files[0]?.issues[0]?.message).toBe(
      'JDASH file JDASH.xlsx: worksheet xl/worksheets/sheet1.xml, row 2: a cell without its reference (attribute r); save the workbook again from Excel',
    )
  })
})

describe('POST /api/filesets: size limits', () => {
  const SMALL: FilesetLimits = { ...FILESET_LIMITS, maxFileBytes: 200, maxTotalBytes: 300 }

  it('a file over the per-file limit is a 413 naming it; nothing is kept', async () => {
    const test = await buildWithFilesets({ limited: SMALL })
    const big = `${CR_05}${'EC_NG,2025,9,1\n'.repeat(20)}`
    const response = await upload(test, filesBody({ 'JDASH.csv': JDASH, 'CR_05.csv': big }), { url: LIMITED_PREFIX })
    expect(response.statusCode).toBe(413)
    expect(response.json().error).toEqual({
      code: 'TIEOUT_ERR_TOO_LARGE',
      message: 'file "CR_05.csv": larger than 200 bytes, the limit for one file',
    })
    expect(response.headers.connection).toBe('close')
    expect(filesetFolders(test)).toEqual([])
  })

  it('files together over the total limit are a 413', async () => {
    const test = await buildWithFilesets({ limited: SMALL })
    const response = await upload(test, filesBody({ 'CR_05.csv': CR_05, 'CR_04.csv': CR_04, 'JDASH.csv': JDASH.repeat(3) }), {
      url: LIMITED_PREFIX,
    })
    expect(response.statusCode).toBe(413)
    expect(response.json().error.message).toBe('files: more than 300 bytes in one upload')
    expect(filesetFolders(test)).toEqual([])
  })
})

describe('GET /api/filesets/:id', () => {
  it('an unknown id is a 404, a malformed one a 400', async () => {
    const test = await buildWithFilesets()
    const unknown = await test.app.inject({ url: '/api/filesets/nope', headers: test.as('auditor') })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual({ error: { code: 'TIEOUT_ERR_NOT_FOUND', message: 'fileset nope not found' } })
    expect((await test.app.inject({ url: '/api/filesets/a.partial', headers: test.as('auditor') })).statusCode).toBe(400)
  })

  it('a folder without a record (an unfinished upload) is not a fileset', async () => {
    const test = await buildWithFilesets()
    const { id } = (await upload(test, filesBody({ 'CR_05.csv': CR_05 }))).json<FilesetReport>()
    const record = join(test.dataDir, 'filesets', id, 'fileset.json')
    expect(existsSync(record)).toBe(true)
    await import('node:fs/promises').then((fs) => fs.rm(record))
    expect((await test.app.inject({ url: `/api/filesets/${id}`, headers: test.as('auditor') })).statusCode).toBe(404)
  })
})

describe('POST /api/runs with source fileset', () => {
  const start = (filesetId: string) => ({ period: '2025-09', entities: ['EC_NG'], source: { kind: 'fileset', filesetId } })

  it('an unknown fileset id is a 400 naming source.filesetId; nothing is journaled', async () => {
    const test = await buildWithFilesets()
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/runs',
      headers: test.as('preparer'),
      payload: start('no-such-upload'),
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error).toEqual({
      code: 'TIEOUT_ERR_BAD_INPUT',
      message:
        'source.filesetId: "no-such-upload" is not a validated upload; upload the extract files with POST /api/filesets and use the id it returns',
    })
    expect((await test.app.inject({ url: '/api/runs', headers: test.as('auditor') })).json().runs).toEqual([])
  })

  it('the id of an upload that failed its checks is a 400', async () => {
    const test = await buildWithFilesets()
    const failed = (await upload(test, filesBody({ 'CR_04.csv': 'ID_COMPANY\n' }))).json<FilesetReport>()
    expect(failed.passed).toBe(false)
    const response = await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: start(failed.id) })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toMatch(/^source\.filesetId: /)
  })

  it('a validated upload starts a run', async () => {
    const test = await buildWithFilesets()
    const { id } = (await upload(test, filesBody({ 'CR_05.csv': CR_05 }))).json<FilesetReport>()
    const response = await test.app.inject({ method: 'POST', url: '/api/runs', headers: test.as('preparer'), payload: start(id) })
    expect(response.statusCode, response.body).toBe(202)
  })
})
