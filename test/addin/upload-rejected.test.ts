import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHttp } from '../../addin/api/client.ts'
import { FilesetRejectedError, tieoutApi } from '../../addin/api/tieout-api.ts'
import { noticeOf } from '../../addin/messages.ts'

const report = {
  id: 'fs-1',
  passed: false,
  files: [
    {
      name: 'IPE_07.csv',
      extract: 'IPE_07',
      bytes: 10,
      sha256: 'a'.repeat(64),
      rows: 3,
      passed: false,
      issues: [
        {
          check: 'types',
          severity: 'error',
          message: 'IPE_07 file IPE_07.csv, column "rem_amt_LCY": not an amount "12,3.4" at row 2',
          column: 'rem_amt_LCY',
          rows: [2],
        },
      ],
    },
  ],
}

describe('uploading extract files from the pane', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('shows a rejected upload as the list of problems, naming file, row and column', async () => {
    vi.stubGlobal(
      'fetch',
      async () => new Response(JSON.stringify(report), { status: 422, headers: { 'content-type': 'application/json' } }),
    )
    const api = tieoutApi(createHttp('http://tieout.test', 'token'))
    const failure = await api.uploadFileset([new File(['x'], 'IPE_07.csv')]).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(FilesetRejectedError)
    const notice = noticeOf(failure, 'Uploading the files')
    expect(notice).toEqual(
      expect.objectContaining({ title: 'Files not accepted', items: [expect.stringContaining('column "rem_amt_LCY"')] }),
    )
  })
})
