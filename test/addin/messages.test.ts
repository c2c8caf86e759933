import { describe, expect, it } from 'vitest'
import { ApiError, NetworkError } from '../../addin/api/client.ts'
import { ExcelOperationError, WorkbookConflictError } from '../../addin/excel/index.ts'
import { noticeOf } from '../../addin/messages.ts'
import { ERRORS, type ErrorCode } from '../../shared/errors.ts'

describe('noticeOf: server errors', () => {
  it.each(Object.keys(ERRORS) as ErrorCode[])('%s has a title of its own', (code) => {
    const notice = noticeOf(new ApiError(ERRORS[code].status, code, 'the server message'), 'Upload')
    expect(notice.intent).toBe('error')
    expect(notice.title).not.toMatch(/the server refused/)
    expect(notice.message).toBe('the server message')
  })

  it('a refused upload over a limit says so', () => {
    const notice = noticeOf(new ApiError(413, 'TIEOUT_ERR_TOO_LARGE', 'files: more than 300 bytes in one upload'), 'Upload')
    expect(notice).toMatchObject({ title: 'Too large to upload', message: 'files: more than 300 bytes in one upload' })
  })

  it('a code this version does not know gets the action as its title', () => {
    const notice = noticeOf(new ApiError(400, 'TIEOUT_ERR_FROM_THE_FUTURE', 'something new'), 'Reconcile')
    expect(notice).toMatchObject({ intent: 'error', title: 'Reconcile: the server refused', message: 'something new' })
  })

  it('a refused sign-off lists the line keys still Open', () => {
    const notice = noticeOf(
      new ApiError(409, 'TIEOUT_ERR_CONFLICT', '2 items are still Open', ['timing|EC_NG|V-1', 'vtc|EC_NG|V-2']),
      'Sign-off',
    )
    expect(notice).toMatchObject({ title: 'Not possible now', items: ['timing|EC_NG|V-1', 'vtc|EC_NG|V-2'] })
  })
})

describe('noticeOf: the pane and its host', () => {
  it('an unreachable server names its address and what to check', () => {
    const notice = noticeOf(new NetworkError('https://tieout.example.com', new TypeError('fetch failed')), 'Sign in')
    expect(notice).toMatchObject({ intent: 'error', title: 'Server not reachable' })
    expect(notice.message).toMatch(/^The Tieout server at https:\/\/tieout\.example\.com could not be reached\. Check the server address/)
  })

  it('sheets in the way are a warning with the reason given', () => {
    const notice = noticeOf(new WorkbookConflictError("A sheet named Summary is not Tieout's."), 'Reconcile')
    expect(notice).toEqual({ intent: 'warning', title: 'Sheets in the way', message: "A sheet named Summary is not Tieout's." })
  })

  it("a protected sheet tells the user which cells to edit, with Excel's own words after", () => {
    const error = new ExcelOperationError('Writing the sheets', { code: 'AccessDenied', message: 'The cell is protected.' })
    const notice = noticeOf(error, 'Reconcile')
    expect(notice.title).toBe('Excel: Writing the sheets failed')
    expect(notice.message).toMatch(/^A result sheet is protected or locked: leave the result sheets to Tieout/)
    expect(notice.message).toMatch(/\(Writing the sheets failed: The cell is protected\. \(AccessDenied\)\)$/)
  })

  it("an Excel failure without a known code shows Excel's message", () => {
    const notice = noticeOf(new ExcelOperationError('Reading the reviews', new Error('General exception')), 'Sync review')
    expect(notice).toEqual({
      intent: 'error',
      title: 'Excel: Reading the reviews failed',
      message: 'Reading the reviews failed: General exception',
    })
  })

  it('an Office single sign-on failure is explained by its code', () => {
    const notice = noticeOf({ code: 13003, message: 'Invalid resource Url specified in the manifest.' }, 'Sign in')
    expect(notice).toEqual({
      intent: 'error',
      title: 'Single sign-on failed',
      message: 'Office SSO needs a work or school account. Paste an API token instead.',
    })
  })

  it('anything else names the action that failed', () => {
    expect(noticeOf(new Error('disk full'), 'Downloading the evidence')).toEqual({
      intent: 'error',
      title: 'Downloading the evidence failed',
      message: 'disk full',
    })
    expect(noticeOf({ code: 99999 }, 'Sign in').title).toBe('Sign in failed')
  })
})
